import { randomBytes } from 'node:crypto';
import { DomainError } from '@app/shared';
import type { BlogClient, BlogImageFile, BlogPostFields, PublishStatus, RemotePost, UploadedImage } from './blog-client.js';
import type { BlogHttp } from './blog-http.js';
import { ghostAdminToken } from './ghost-admin-token.js';

/** The Admin API version this client speaks (`Accept-Version`). */
export const GHOST_API_VERSION = 'v5.0';
/** Ghost's limits on a post's custom excerpt and meta description. */
const EXCERPT_MAX = 300;
const META_DESCRIPTION_MAX = 500;

const GHOST_STATUS: Record<PublishStatus, string> = { draft: 'draft', publish: 'published', future: 'scheduled' };

interface GhostPost {
  id?: unknown;
  url?: unknown;
  status?: unknown;
  updated_at?: unknown;
}

/**
 * The Ghost Admin API (`<site>/ghost/api/admin`): a fresh 5-minute JWT for every request
 * (`Authorization: Ghost <token>`, `Accept-Version`), images uploaded as multipart to
 * /images/upload/, posts sent as HTML (`?source=html`) with tags by name. An update reads the
 * post first: Ghost refuses a PUT without the post's current `updated_at` (collision detection).
 */
export class GhostClient implements BlogClient {
  private readonly api: string;

  constructor(
    private readonly http: BlogHttp,
    siteUrl: string,
    private readonly adminKey: string,
  ) {
    this.api = `${siteUrl.replace(/\/+$/, '')}/ghost/api/admin`;
  }

  async uploadImage(file: BlogImageFile, signal?: AbortSignal): Promise<UploadedImage> {
    const boundary = `----scriptorium${randomBytes(12).toString('hex')}`;
    const filename = file.filename.replace(/["\\\r\n]/g, '_');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${file.mime}\r\n\r\n`),
      file.bytes,
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nimage\r\n--${boundary}--\r\n`),
    ]);
    const answer = await this.http.send(
      { method: 'POST', url: `${this.api}/images/upload/`, headers: { ...this.headers(), 'content-type': `multipart/form-data; boundary=${boundary}` }, body, doing: 'uploading an image' },
      signal,
    );
    const url = (answer.body as { images?: { url?: unknown }[] } | undefined)?.images?.[0]?.url;
    if (typeof url !== 'string') throw malformed('uploading an image');
    return { id: null, url };
  }

  async createPost(fields: BlogPostFields, signal?: AbortSignal): Promise<RemotePost> {
    const answer = await this.http.send(
      { method: 'POST', url: `${this.api}/posts/?source=html`, headers: this.headers(), json: { posts: [this.postBody(fields)] }, doing: 'creating the post' },
      signal,
    );
    return remotePost(answer.body, 'creating the post');
  }

  async updatePost(id: string, fields: BlogPostFields, signal?: AbortSignal): Promise<RemotePost> {
    const path = `${this.api}/posts/${encodeURIComponent(id)}/`;
    const current = await this.http.send({ method: 'GET', url: path, headers: this.headers(), doing: 'reading the post' }, signal);
    const updatedAt = ((current.body as { posts?: GhostPost[] } | undefined)?.posts?.[0])?.updated_at;
    if (typeof updatedAt !== 'string') throw malformed('reading the post');
    const answer = await this.http.send(
      { method: 'PUT', url: `${path}?source=html`, headers: this.headers(), json: { posts: [{ ...this.postBody(fields), updated_at: updatedAt }] }, doing: 'updating the post' },
      signal,
    );
    return remotePost(answer.body, 'updating the post');
  }

  private headers(): Record<string, string> {
    return { authorization: `Ghost ${ghostAdminToken(this.adminKey)}`, 'accept-version': GHOST_API_VERSION };
  }

  private postBody(fields: BlogPostFields): Record<string, unknown> {
    return {
      title: fields.title,
      slug: fields.slug,
      html: fields.html,
      custom_excerpt: truncate(fields.excerpt, EXCERPT_MAX),
      meta_description: truncate(fields.excerpt, META_DESCRIPTION_MAX),
      tags: fields.tags.map((name) => ({ name })),
      feature_image: fields.featureImage?.url ?? null,
      status: GHOST_STATUS[fields.status],
      ...(fields.status === 'future' && fields.scheduledAt ? { published_at: fields.scheduledAt.toISOString() } : {}),
    };
  }
}

function remotePost(body: unknown, doing: string): RemotePost {
  const post = (body as { posts?: GhostPost[] } | undefined)?.posts?.[0];
  if (typeof post?.id !== 'string') throw malformed(doing);
  return { id: post.id, url: typeof post.url === 'string' ? post.url : null, status: typeof post.status === 'string' ? post.status : 'draft' };
}

/** At most `max` characters, cut at a word with an ellipsis when longer. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function malformed(doing: string): DomainError {
  return new DomainError('publish_upstream_error', `the blog's answer ${doing} is not what its API documents`, { retryable: true });
}
