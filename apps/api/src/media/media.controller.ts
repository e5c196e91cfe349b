import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Controller, Delete, Get, HttpCode, HttpStatus, Logger, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, type User } from '@app/shared';
import { type Media, MediaService, MediaUrls } from '@app/ingestion';
import { MediaRemover } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import type { RequestWithPrincipal } from '../auth/principal.js';
import { AllowSignedUrl } from '../auth/public.decorator.js';
import { parseRange } from './byte-range.js';
import { signingTtl } from './signing-ttl.js';
import { type FileSigner, MEDIA_FILE_TYPES, MediaDto, MediaFileQueryDto, MediaListDto, MediaListQueryDto, MediaQueryDto } from './media.dto.js';

/** A year: the longest cache lifetime worth stating; a file under a name never changes. */
const IMMUTABLE_MAX_AGE_S = 31_536_000;
/** Lifetime of the presigned bucket URL an owner's request is redirected to (when the storage gives one). */
const OWNER_DOWNLOAD_TTL_S = 3600;
/** A redirect is cached this much less than the URL it names lives. */
const REDIRECT_MARGIN_S = 30;
/** Types a browser may render inline from this origin; anything else is served as a download. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

const uuidParam = (field: string) => new ParseUUIDPipe({ exceptionFactory: () => DomainError.badField(field, `${field} must be a UUID`) });

/** Does If-None-Match name this (strong) ETag? Weak comparison, as RFC 9110 asks for If-None-Match. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * The caller's media files (uploaded images and their optimized variants): listed, described,
 * and served, to the owner's credentials or to anyone holding a signed URL.
 */
@ApiTags('media')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/media')
export class MediaController {
  private readonly logger = new Logger(MediaController.name);

  constructor(
    private readonly media: MediaService,
    private readonly urls: MediaUrls,
    private readonly remover: MediaRemover,
  ) {}

  /**
   * Deletes the media and its stored files (original and variants). A post that shows it keeps the
   * image: it gets its own copy first (a new media of yours), and the post's URLs name that copy.
   */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('documents:write')
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() user: User, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.remover.remove(user.id, id);
  }

  /** The caller's media, newest first. */
  @Get()
  @RequireScopes('documents:read')
  async list(@CurrentUser() user: User, @Query() query: MediaListQueryDto): Promise<MediaListDto> {
    const page = await this.media.list(user.id, { cursor: query.cursor, limit: query.limit });
    return { items: page.items.map((media) => this.describe(media)), next_cursor: page.nextCursor };
  }

  /**
   * A media's description with the stable URL of its original and of each variant; with
   * `signed=true`, also URLs that work without credentials (e.g. in a published page) until `expires_at`.
   */
  @Get(':id')
  @RequireScopes('documents:read')
  async get(@CurrentUser() user: User, @Param('id', uuidParam('id')) id: string, @Query() query: MediaQueryDto): Promise<MediaDto> {
    const ttl = this.signingTtl(query.signed, query.ttl_s);
    const media = await this.media.get(user.id, id);
    if (ttl === undefined) return this.describe(media);
    const now = Date.now();
    return this.describe(media, (file) => {
      const signed = this.urls.signedUrl(media.id, file.name, ttl, now);
      return { signed_url: signed.url, expires_at: signed.expires_at };
    });
  }

  /**
   * The file's bytes: `original` or a variant (`<width>.<format>`, e.g. `768.webp`). Served to
   * the owner's API key or session, or with no credentials at all to a valid signed URL
   * (`expires` + `signature`, from GET /media/{id}?signed=true or a signed post export). Cacheable:
   * a strong ETag (If-None-Match answers 304), immutable for the owner, public until expiry when signed.
   * One byte range may be asked for (206, or 416 past the end). With S3 storage (unless
   * S3_PROXY=true) the answer is a 302 to a presigned bucket URL serving the same bytes and headers.
   */
  @Get(':id/:variant')
  @RequireScopes('documents:read')
  @AllowSignedUrl()
  @ApiProduces(...MEDIA_FILE_TYPES)
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'an ETag from an earlier answer: 304 when it still names this file' })
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Range', required: false, description: 'one byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-1024`): 206 with that part' })
  @ApiHeader({ name: 'If-Range', required: false, description: 'the ETag the client holds part of: the range is served only while it is current' })
  @ApiResponse({ status: HttpStatus.PARTIAL_CONTENT, description: 'the requested byte range (Content-Range)', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: HttpStatus.FOUND, description: 'media on S3-compatible storage: a presigned URL of the bucket (Location) that serves the bytes, Range included' })
  @ApiResponse({ status: HttpStatus.NOT_MODIFIED, description: 'the cached copy named by If-None-Match is current' })
  @ApiResponse({ status: HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, description: 'the range starts past the end of the file (Content-Range: bytes */size)' })
  @ApiResponse({ status: HttpStatus.UNAUTHORIZED, description: 'no credentials, or a signed URL that is invalid (signature_invalid) or expired (url_expired)' })
  async file(
    @Param('id', uuidParam('id')) id: string,
    @Param('variant') variant: string,
    @Query() query: MediaFileQueryDto,
    @Req() req: Request & RequestWithPrincipal,
    @Res() res: Response,
  ): Promise<void> {
    const { media, cacheControl, ttlSeconds } = await this.authorize(req, id, variant, query);
    const file = this.media.resolve(media, variant);
    const etag = `"${createHash('sha256').update(file.key).digest('hex').slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.status(HttpStatus.NOT_MODIFIED).end();
      return;
    }
    const disposition = INLINE_TYPES.has(file.mime) ? undefined : 'attachment';

    // On a bucket: the client fetches the bytes from it (Range and all), with the caching and type asked for here.
    const redirect = await this.media.downloadUrl(file, { ttlSeconds, cacheControl, disposition });
    if (redirect) {
      // The redirect itself lives no longer than the URL it names.
      res.setHeader('Cache-Control', `${cacheControl.split(',')[0]}, max-age=${Math.max(0, ttlSeconds - REDIRECT_MARGIN_S)}`);
      res.redirect(HttpStatus.FOUND, redirect);
      return;
    }

    // If-Range: a range only of the representation the client already holds part of.
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, file.bytes) : { kind: 'whole' as const };
    res.setHeader('Accept-Ranges', 'bytes');
    if (range.kind === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${file.bytes}`);
      res.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).end();
      return;
    }
    const part = range.kind === 'partial' ? { start: range.start, end: range.end } : undefined;
    const stream = await this.media.open(media, file, part);
    res.status(part ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK);
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Length', String(part ? part.end - part.start + 1 : file.bytes));
    if (part) res.setHeader('Content-Range', `bytes ${part.start}-${part.end}/${file.bytes}`);
    // Nothing served here may run as a page of this origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (disposition) res.setHeader('Content-Disposition', disposition);
    if (req.method === 'HEAD') {
      stream.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(stream, res);
    } catch (error) {
      // The client went away, or the file failed mid-way: the status line is sent, only the connection can tell.
      this.logger.debug({ msg: 'media stream ended early', media_id: media.id, variant: file.name, error: (error as Error).message });
    }
  }

  /** The owner's media with owner caching, or any media for a valid signed URL with public caching until it expires. */
  private async authorize(
    req: Request & RequestWithPrincipal,
    id: string,
    variant: string,
    query: MediaFileQueryDto,
  ): Promise<{ media: Media; cacheControl: string; ttlSeconds: number }> {
    if (req.principal) {
      return {
        media: await this.media.get(req.principal.user.id, id),
        cacheControl: `private, max-age=${IMMUTABLE_MAX_AGE_S}, immutable`,
        ttlSeconds: Math.min(this.urls.maxTtlSeconds, OWNER_DOWNLOAD_TTL_S),
      };
    }
    // The guard lets a request through without credentials only when it carries a signature.
    const now = Date.now();
    const check = this.urls.verify(id, variant, query.expires ?? '', query.signature ?? '', now);
    if (check === 'expired') throw new DomainError('url_expired', 'this signed media URL has expired: ask for a new one');
    if (check !== 'ok') throw new DomainError('signature_invalid', 'the signature of this media URL is not valid');
    const maxAge = Math.max(0, Number(query.expires) - Math.floor(now / 1000));
    return { media: await this.media.getAuthorized(id), cacheControl: `public, max-age=${maxAge}`, ttlSeconds: Math.max(1, maxAge) };
  }

  /** The TTL of signed URLs when asked for (bounded by MEDIA_URL_TTL_S), undefined when not. */
  private signingTtl(signed: boolean | undefined, ttlSeconds: number | undefined): number | undefined {
    return signingTtl(this.urls.maxTtlSeconds, signed === true, ttlSeconds, 'signed=true');
  }

  private describe(media: Media, sign?: FileSigner): MediaDto {
    return MediaDto.from(media, this.media.files(media), this.urls, sign);
  }
}
