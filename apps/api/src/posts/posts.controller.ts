import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, type User } from '@app/shared';
import { PostsService, type PostView, sanitizePostHtml } from '@app/ai';
import { MediaUrls } from '@app/ingestion';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { signingTtl } from '../media/signing-ttl.js';
import { PostDto, PostExportQueryDto, PostListDto, PostListQueryDto, PostQueryDto, PostSummaryDto, UpdatePostDto } from './posts.dto.js';

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
    return PostDto.fromView(await this.posts.get(user.id, id, query.version));
  }

  /** Edits title, description, Markdown and/or keywords as a new version; earlier versions stay readable. */
  @Patch(':id')
  @RequireScopes('posts:write')
  async update(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdatePostDto): Promise<PostDto> {
    if (body.title === undefined && body.description === undefined && body.markdown === undefined && body.keywords === undefined) {
      throw DomainError.badFields(
        [{ field: 'markdown', message: 'title, description, markdown or keywords is required' }],
        'markdown: send title, description, markdown and/or keywords',
      );
    }
    return PostDto.fromView(await this.posts.update(user.id, id, body));
  }

  /**
   * The post as a file: `md` (Markdown with YAML front matter), `html` (a sanitized standalone
   * page) or `json` (the post). With `image_urls=signed`, every image URL in it is signed to work
   * without credentials for `ttl_s` seconds (all with the same expiry).
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
    const post = await this.posts.get(user.id, id, query.version);
    const format = query.format ?? 'md';
    const name = `${post.slug}${post.version === post.latestVersion ? '' : `-v${post.version}`}`;
    // Signed URLs expire: such a file is not for caches.
    const imageUrls = (text: string) => (ttl === undefined ? text : this.mediaUrls.signUrlsIn(text, ttl));
    if (ttl !== undefined) res.setHeader('Cache-Control', 'private, no-store');
    if (format === 'json') {
      res.setHeader('Content-Disposition', `attachment; filename="${name}.json"`);
      res.type('application/json').send(imageUrls(JSON.stringify(PostDto.fromView(post), null, 2)));
    } else if (format === 'html') {
      res.setHeader('Content-Disposition', `attachment; filename="${name}.html"`);
      res.type('text/html; charset=utf-8').send(imageUrls(htmlDocument(post)));
    } else {
      res.setHeader('Content-Disposition', `attachment; filename="${name}.md"`);
      res.type('text/markdown; charset=utf-8').send(imageUrls(markdownWithFrontMatter(post)));
    }
  }
}

/** What the front matter lists of each image, in this order (absent ones omitted). */
const FRONT_MATTER_IMAGE_FIELDS = ['chapter_index', 'source', 'media_id', 'url', 'alt_text', 'width', 'height', 'placement'];

/** JSON strings are valid YAML scalars, so every value is quoted safely whatever it contains. */
function markdownWithFrontMatter(post: PostView): string {
  const images = post.images.map((image) => {
    const fields = FRONT_MATTER_IMAGE_FIELDS
      .filter((key) => image[key] !== undefined && image[key] !== null)
      .map((key, i) => `${i === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(image[key])}`);
    return fields.length > 0 ? fields.join('\n') : '  - {}';
  });
  const lines = [
    '---',
    `title: ${JSON.stringify(post.title)}`,
    `description: ${JSON.stringify(post.description)}`,
    `slug: ${JSON.stringify(post.slug)}`,
    `keywords: [${post.keywords.map((keyword) => JSON.stringify(keyword)).join(', ')}]`,
    `date: ${JSON.stringify(post.createdAt.toISOString())}`,
    `version: ${post.version}`,
    images.length > 0 ? `images:\n${images.join('\n')}` : 'images: []',
    '---',
    '',
  ];
  return `${lines.join('\n')}${post.markdown.trimEnd()}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function htmlDocument(post: PostView): string {
  return [
    '<!doctype html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(post.title)}</title>`,
    `<meta name="description" content="${escapeHtml(post.description)}">`,
    `<meta name="keywords" content="${escapeHtml(post.keywords.join(', '))}">`,
    '</head>',
    '<body>',
    '<article>',
    sanitizePostHtml(post.html),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
