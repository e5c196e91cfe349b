import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, JOB_TYPES, JobEnvelopeDto, JobsService, type User } from '@app/shared';
import { DocumentsService, ingestionConfig, IntegrationsService, parseDriveFolderUrl, UploadReceiver } from '@app/ingestion';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { badField, exactlyOne } from '../http/field-errors.js';
import { youtubeVideoIdOf } from './youtube-video-id.js';
import {
  CreateDocumentDto,
  CreateDriveImportDto,
  CreateYouTubeDocumentDto,
  DocumentDto,
  DocumentListDto,
  DocumentListQueryDto,
  DocumentSummaryDto,
  UpdateDocumentDto,
} from './documents.dto.js';

@ApiTags('documents')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: UploadReceiver,
    private readonly jobs: JobsService,
    private readonly integrations: IntegrationsService,
    @Inject(ingestionConfig.KEY) private readonly ingestion: ConfigType<typeof ingestionConfig>,
  ) {}

  /**
   * Creates a document from pasted text (title derived from the first line when absent). The
   * answer omits the text (read it at GET /documents/{id}), so no replay store ever holds it.
   */
  @Post()
  @RequireScopes('documents:write')
  async create(@CurrentUser() user: User, @Body() body: CreateDocumentDto): Promise<DocumentSummaryDto> {
    const max = this.ingestion.documentMaxChars;
    if (body.text.length > max) throw tooLong(max);
    const document = await this.documents.create({ userId: user.id, sourceType: 'text', title: body.title, text: body.text, lang: body.lang });
    return DocumentSummaryDto.from(document);
  }

  /**
   * Uploads one or more files (multipart field `files`), streamed to storage. The type is detected
   * from the bytes: documents (PDF, DOCX, HTML, Markdown, text, SRT, VTT), images, audio, video;
   * anything else is 415. Answers 202 with the ingest_upload job.
   */
  @Post('upload')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('documents:write')
  @ApiResponse({ status: HttpStatus.PAYLOAD_TOO_LARGE, description: 'a file is larger than UPLOAD_MAX_BYTES (payload_too_large)' })
  @ApiResponse({ status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, description: 'not multipart/form-data, or a file of an unsupported type (unsupported_media_type)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } }, required: ['files'] },
  })
  async upload(@CurrentUser() user: User, @Req() request: Request): Promise<JobEnvelopeDto> {
    const files = await this.uploads.receive(request);
    const job = await this.jobs.create({ userId: user.id, type: JOB_TYPES.INGEST_UPLOAD, input: { files } });
    return JobEnvelopeDto.from(job);
  }

  /**
   * Imports a YouTube video's captions as a document (`url` or `video_id`, not both). Answers 202
   * with the ingest_youtube job; YouTube's refusals (private video, bot check …) end it failed
   * with a stable code.
   */
  @Post('youtube')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('documents:write')
  async youtube(@CurrentUser() user: User, @Body() body: CreateYouTubeDocumentDto): Promise<JobEnvelopeDto> {
    const videoId = youtubeVideoIdOf(body);
    const job = await this.jobs.create({ userId: user.id, type: JOB_TYPES.INGEST_YOUTUBE, input: { video_id: videoId, langs: body.langs ?? [] } });
    return JobEnvelopeDto.from(job);
  }

  /**
   * Imports the files of a Google Drive folder (`folder_id` or `folder_url`, not both) with the
   * caller's Google connection (or the configured service account). Answers 202 with the
   * ingest_drive_folder job; 409 `drive_not_connected` when there is neither.
   */
  @Post('drive')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('documents:write')
  @ApiConflictResponse({ description: 'no Google connection and no service account (drive_not_connected)' })
  async drive(@CurrentUser() user: User, @Body() body: CreateDriveImportDto): Promise<JobEnvelopeDto> {
    const field = exactlyOne(body, 'folder_id', 'folder_url');
    const folder = field === 'folder_id' ? { folderId: body.folder_id!, resourceKey: null } : parseDriveFolderUrl(body.folder_url!);
    if (!folder) throw badField('folder_url', 'folder_url must be a Google Drive folder link such as https://drive.google.com/drive/folders/<id>');
    await this.integrations.assertDriveAccess(user.id);
    const job = await this.jobs.create({
      userId: user.id,
      type: JOB_TYPES.INGEST_DRIVE_FOLDER,
      input: { folder_id: folder.folderId, resource_key: folder.resourceKey, recursive: body.recursive ?? false },
    });
    return JobEnvelopeDto.from(job);
  }

  /** The caller's documents, newest first (without their text). */
  @Get()
  @RequireScopes('documents:read')
  async list(@CurrentUser() user: User, @Query() query: DocumentListQueryDto): Promise<DocumentListDto> {
    const page = await this.documents.list(user.id, { sourceType: query.source_type, cursor: query.cursor, limit: query.limit });
    return { items: page.items.map((document) => DocumentSummaryDto.from(document)), next_cursor: page.nextCursor };
  }

  /** A document with its text; the ETag is its version. */
  @Get(':id')
  @RequireScopes('documents:read')
  async get(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DocumentDto> {
    const document = await this.documents.get(user.id, id);
    response.setHeader('ETag', `"${document.version}"`);
    return DocumentDto.fromFull(document);
  }

  /** Edits title and/or text; bumps the version. With If-Match, a stale version is 412. */
  @Patch(':id')
  @RequireScopes('documents:write')
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version (ETag) the edit is based on' })
  @ApiResponse({ status: HttpStatus.PRECONDITION_FAILED, description: 'If-Match names an older version (version_mismatch)' })
  async update(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateDocumentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DocumentDto> {
    if (body.title === undefined && body.text === undefined) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', 'send title and/or text', {
        errors: [{ field: 'text', message: 'title or text is required' }],
      });
    }
    const max = this.ingestion.documentMaxChars;
    if (body.text !== undefined && body.text.length > max) throw tooLong(max);
    const document = await this.documents.update(user.id, id, body, parseIfMatch(ifMatch));
    response.setHeader('ETag', `"${document.version}"`);
    return DocumentDto.fromFull(document);
  }

  /** Deletes the document and its stored files. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('documents:write')
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.documents.delete(user.id, id);
  }
}

function tooLong(max: number): DomainError {
  return new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', `text: longer than ${max} characters`, {
    errors: [{ field: 'text', message: `text must be at most ${max} characters` }],
  });
}

/** `"3"`, `W/"3"` or `3` → 3; anything else is a 400 naming the header. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', 'If-Match: must be a document version such as "3"', {
      errors: [{ field: 'If-Match', message: 'If-Match must be a document version such as "3"' }],
    });
  }
  return Number(match[1]);
}
