import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, JobEnvelopeDto, JOB_TYPES, type User } from '@app/shared';
import { JobLauncher, PostImageReplacer, PostsService } from '@app/ai';
import { MediaUrls } from '@app/ingestion';
import { PublicationsService } from '@app/publishing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { signingTtl } from '../media/signing-ttl.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { answerLaunch } from '../jobs/launch-answer.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { exportPost, withCitations } from './post-export.js';
import { PostPublicationDto } from '../publishing/publish-targets.dto.js';
import { PostDto, PostExportQueryDto, PostListDto, PostListQueryDto, PostQueryDto, PostSummaryDto, ReplaceChapterImageDto, UpdatePostDto } from './posts.dto.js';

/** The caller's blog posts: read, edit (each edit is a new version), export. */
@ApiTags('posts')
@ApiExtraModels(PostDto)
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly mediaUrls: MediaUrls,
    private readonly publications: PublicationsService,
    private readonly images: PostImageReplacer,
    private readonly launcher: JobLauncher,
  ) {}

  /** The caller's posts, newest first (without their bodies). */
  @Get()
  @RequireScopes('posts:read')
  async list(@CurrentUser() user: User, @Query() query: PostListQueryDto): Promise<PostListDto> {
    const page = await this.posts.list(user.id, { cursor: query.cursor, limit: query.limit });
    return { items: page.items.map((post) => PostSummaryDto.from(post)), next_cursor: page.nextCursor };
  }

  /** A post with its Markdown and HTML, at its current version or at `?version=N`. */
  @Get(':id')
  @RequireScopes('posts:read')
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: PostQueryDto): Promise<PostDto> {
    const post = PostDto.fromView(await this.posts.get(user.id, id, query.version));
    const publications = (await this.publications.ofPost(user.id, id)).map((publication) => PostPublicationDto.from(publication));
    return { ...post, publications, published_url: publications.find((publication) => publication.url)?.url ?? null };
  }

  /** Edits title, description, Markdown, keywords and/or the slug as a new version; earlier versions stay readable (the slug is not versioned). */
  @Patch(':id')
  @RequireScopes('posts:write')
  async update(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdatePostDto): Promise<PostDto> {
    if (body.title === undefined && body.description === undefined && body.markdown === undefined && body.keywords === undefined && body.slug === undefined) {
      throw DomainError.badFields(
        [{ field: 'markdown', message: 'title, description, markdown, keywords or slug is required' }],
        'markdown: send title, description, markdown, keywords and/or slug',
      );
    }
    return PostDto.fromView(await this.posts.update(user.id, id, body));
  }

  /**
   * Replaces the image of chapter `index` (0-based, as in the post's `images`) with one of your media, as a new
   * version: the chapter's picture in the Markdown and HTML shows the new image (same alt text and placement).
   * 412 version_mismatch when the post was edited at the same moment (read it again).
   */
  @Put(':id/chapters/:index/image')
  @RequireScopes('posts:write')
  async replaceChapterImage(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('index') index: string,
    @Body() body: ReplaceChapterImageDto,
  ): Promise<PostDto> {
    return PostDto.fromView(await this.images.replace(user.id, id, chapterIndex(index), body.media_id));
  }

  /**
   * Starts a post_image_regenerate job: the image of chapter `index` generated again from its prompt with the
   * image model (metered like the pipeline's; 402 when the account cannot pay), then saved as a new version of the
   * post. The job's output has `post_id`, `version`, `media_id` and `url`. 409 image_generation_failed when no image
   * model is configured.
   */
  @Post(':id/chapters/:index/image/regenerate')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('posts:write', 'jobs:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiPaymentRequired()
  @ApiConflictResponse({ description: 'image_generation_failed: no image model is configured' })
  async regenerateChapterImage(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('index') index: string,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const chapter = chapterIndex(index);
    await this.images.checkRegenerable(user.id, id, chapter);
    const launched = await this.launcher.launch({
      userId: user.id,
      type: JOB_TYPES.POST_IMAGE_REGENERATE,
      input: { post_id: id, chapter_index: chapter },
      spends: { images: true },
      idempotency: key ? { key, fingerprint: { post_id: id, chapter_index: chapter } } : undefined,
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }

  /**
   * The post as a file: `md` (Markdown with YAML front matter), `html` (a sanitized standalone
   * page) or `json` (the post, with its citations). With `image_urls=signed`, every image URL in it is
   * signed to work without credentials for `ttl_s` seconds (all with the same expiry). With
   * `citations=true`, Markdown and HTML show each generated paragraph's source spans after it.
   */
  @Get(':id/export')
  @RequireScopes('posts:read')
  @ApiOkResponse({
    description: 'the post in the asked format, as an attachment',
    content: {
      'text/markdown': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/json': { schema: { $ref: getSchemaPath(PostDto) } },
    },
  })
  async export(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PostExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const ttl = signingTtl(this.mediaUrls.maxTtlSeconds, query.image_urls === 'signed', query.ttl_s, 'image_urls=signed');
    const read = await this.posts.get(user.id, id, query.version);
    const post = query.citations ? withCitations(read) : read;
    const format = query.format ?? 'md';
    const file = exportPost(post, format, (text) => (ttl === undefined ? text : this.mediaUrls.signUrlsIn(text, ttl)));
    // Signed URLs expire: such a file is not for caches.
    if (ttl !== undefined) res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
    res.type(file.contentType).send(file.body);
  }
}

/** A chapter's 0-based index from the path; 400 naming `index` for anything else. */
function chapterIndex(raw: string): number {
  if (!/^\d{1,4}$/.test(raw)) throw DomainError.badFields([{ field: 'index', message: 'must be a chapter index: an integer from 0' }]);
  return Number(raw);
}
