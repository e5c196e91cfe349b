import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, JOB_TYPES, JobEnvelopeDto, type User } from '@app/shared';
import { DocumentsService, IntegrationsService, needsTranscription, parseDriveFolderUrl, TranscriptionAvailability, UploadReceiver } from '@app/ingestion';
import { JobLauncher } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { exactlyOne } from '../http/exactly-one.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { answerLaunch } from '../jobs/launch-answer.js';
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
  UploadDocumentsDto,
} from './documents.dto.js';

@ApiTags('documents')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: UploadReceiver,
    private readonly launcher: JobLauncher,
    private readonly integrations: IntegrationsService,
    private readonly transcription: TranscriptionAvailability,
  ) {}

  /**
   * Creates a document from pasted text (title derived from the first line when absent). The
   * answer omits the text (read it at GET /documents/{id}), so no replay store ever holds it.
   */
  @Post()
  @RequireScopes('documents:write')
  async create(@CurrentUser() user: User, @Body() body: CreateDocumentDto): Promise<DocumentSummaryDto> {
    const document = await this.documents.createFromText(user.id, body);
    return DocumentSummaryDto.from(document);
  }

  /**
   * Uploads one or more files (multipart field `files`), streamed to storage. The type is detected
   * from the bytes: documents (PDF, DOCX, HTML, Markdown, text, SRT, VTT), images, audio, video;
   * anything else is 415. Answers 202 with the ingest_upload job; 402 when an audio or video file
   * would be transcribed (a paid call) and the credits or the monthly cap do not allow it.
   */
  @Post('upload')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('documents:write')
  @LaunchesJob()
  @ApiResponse({ status: HttpStatus.PAYLOAD_TOO_LARGE, description: 'a file is larger than UPLOAD_MAX_BYTES (payload_too_large)' })
  @ApiResponse({ status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, description: 'not multipart/form-data, or a file of an unsupported type (unsupported_media_type)' })
  @ApiPaymentRequired()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentsDto })
  async upload(
    @CurrentUser() user: User,
    @Req() request: Request,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const files = await this.uploads.receive(request);
    const launched = await this.launcher.launch({
      userId: user.id,
      type: JOB_TYPES.INGEST_UPLOAD,
      input: { files },
      spends: { transcription: files.some((file) => needsTranscription(file.mime)) && this.transcription.check().status === 'available' },
      // The bytes themselves (hashed while they streamed) identify an upload, not its length.
      idempotency: key ? { key, fingerprint: files.map((file) => [file.original_name, file.bytes, file.sha256]) } : undefined,
      discard: () => this.uploads.discard(files),
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }

  /**
   * Imports a YouTube video's captions as a document (`url` or `video_id`, not both). Answers 202
   * with the ingest_youtube job; YouTube's refusals (private video, bot check …) end it failed
   * with a stable code.
   */
  @Post('youtube')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('documents:write')
  @LaunchesJob()
  async youtube(
    @CurrentUser() user: User,
    @Body() body: CreateYouTubeDocumentDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const launched = await this.launcher.launch({
      userId: user.id,
      type: JOB_TYPES.INGEST_YOUTUBE,
      input: { video_id: youtubeVideoIdOf(body), langs: body.langs ?? [] },
      idempotency: key ? { key, fingerprint: body } : undefined,
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }

  /**
   * Imports the files of a Google Drive folder (`folder_id` or `folder_url`, not both) with the
   * caller's Google connection (or the configured service account). Answers 202 with the
   * ingest_drive_folder job; 409 `drive_not_connected` when there is neither.
   */
  @Post('drive')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('documents:write')
  @LaunchesJob()
  @ApiConflictResponse({ description: 'no Google connection and no service account (drive_not_connected)' })
  async drive(
    @CurrentUser() user: User,
    @Body() body: CreateDriveImportDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const field = exactlyOne(body, 'folder_id', 'folder_url');
    const folder = field === 'folder_id' ? { folderId: body.folder_id!, resourceKey: null } : parseDriveFolderUrl(body.folder_url!);
    if (!folder) throw DomainError.badField('folder_url', 'folder_url must be a Google Drive folder link such as https://drive.google.com/drive/folders/<id>');
    await this.integrations.assertDriveAccess(user.id);
    const launched = await this.launcher.launch({
      userId: user.id,
      type: JOB_TYPES.INGEST_DRIVE_FOLDER,
      input: { folder_id: folder.folderId, resource_key: folder.resourceKey, recursive: body.recursive ?? false },
      idempotency: key ? { key, fingerprint: body } : undefined,
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }

  /** The caller's documents, newest first (without their text); `q` searches titles and sources. */
  @Get()
  @RequireScopes('documents:read')
  async list(@CurrentUser() user: User, @Query() query: DocumentListQueryDto): Promise<DocumentListDto> {
    const page = await this.documents.list(user.id, { sourceType: query.source_type, q: query.q, cursor: query.cursor, limit: query.limit });
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
      throw DomainError.badFields([{ field: 'text', message: 'title or text is required' }], 'send title and/or text');
    }
    const document = await this.documents.edit(user.id, id, body, parseIfMatch(ifMatch));
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

/** `"3"`, `W/"3"` or `3` → 3; anything else is a 400 naming the header. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw DomainError.badField('If-Match', 'must be a document version such as "3"');
  }
  return Number(match[1]);
}
