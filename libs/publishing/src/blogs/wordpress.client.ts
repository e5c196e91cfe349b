import { DomainError } from '@app/shared';
import type { BlogClient, BlogImageFile, BlogPostFields, RemotePost, UploadedImage } from './blog-client.js';
import type { BlogHttp } from './blog-http.js';

export interface WordPressCredentials {
  username: string;
  applicationPassword: string;
}

interface WpTerm {
  id: number;
  name: string;
}

/**
 * The WordPress REST API (`<site>/wp-json/wp/v2`) with an application password (HTTP Basic):
 * media uploaded as the raw file with Content-Disposition, tags found by name or created (posts
 * take tag ids), posts created with POST /posts and updated with POST /posts/<id>; a scheduled
 * post is `status: future` with `date_gmt`.
 */
export class WordPressClient implements BlogClient {
  private readonly api: string;
  private readonly authorization: string;

  constructor(
    private readonly http: BlogHttp,
    siteUrl: string,
    credentials: WordPressCredentials,
  ) {
    this.api = `${siteUrl.replace(/\/+$/, '')}/wp-json/wp/v2`;
    this.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.applicationPassword}`, 'utf8').toString('base64')}`;
  }

  async uploadImage(file: BlogImageFile, signal?: AbortSignal): Promise<UploadedImage> {
    const answer = await this.http.send(
      {
        method: 'POST',
        url: `${this.api}/media`,
        headers: {
          authorization: this.authorization,
          'content-type': file.mime,
          'content-disposition': `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
        },
        body: file.bytes,
        doing: 'uploading an image',
      },
      signal,
    );
    const media = answer.body as { id?: unknown; source_url?: unknown } | undefined;
    if (typeof media?.id !== 'number' || typeof media.source_url !== 'string') throw malformed('uploading an image');
    return { id: String(media.id), url: media.source_url };
  }

  async createPost(fields: BlogPostFields, signal?: AbortSignal): Promise<RemotePost> {
    return this.savePost(`${this.api}/posts`, fields, 'creating the post', signal);
  }

  async updatePost(id: string, fields: BlogPostFields, signal?: AbortSignal): Promise<RemotePost> {
    return this.savePost(`${this.api}/posts/${encodeURIComponent(id)}`, fields, 'updating the post', signal);
  }

  private async savePost(url: string, fields: BlogPostFields, doing: string, signal?: AbortSignal): Promise<RemotePost> {
    const tags = await this.tagIds(fields.tags, signal);
    const answer = await this.http.send(
      {
        method: 'POST',
        url,
        headers: { authorization: this.authorization },
        json: {
          title: fields.title,
          slug: fields.slug,
          content: fields.html,
          excerpt: fields.excerpt,
          status: fields.status,
          tags,
          featured_media: fields.featureImage?.id ? Number(fields.featureImage.id) : 0,
          ...(fields.status === 'future' && fields.scheduledAt ? { date_gmt: wordpressDate(fields.scheduledAt) } : {}),
        },
        doing,
      },
      signal,
    );
    const post = answer.body as { id?: unknown; link?: unknown; status?: unknown } | undefined;
    if (typeof post?.id !== 'number') throw malformed(doing);
    return { id: String(post.id), url: typeof post.link === 'string' ? post.link : null, status: typeof post.status === 'string' ? post.status : fields.status };
  }

  /** The ids of the named tags, each found by name (case-insensitively) or created. */
  private async tagIds(names: readonly string[], signal?: AbortSignal): Promise<number[]> {
    const ids: number[] = [];
    for (const name of names) {
      const found = await this.http.send(
        { method: 'GET', url: `${this.api}/tags?${new URLSearchParams({ search: name, per_page: '100' })}`, headers: { authorization: this.authorization }, doing: 'finding a tag' },
        signal,
      );
      const match = Array.isArray(found.body) ? (found.body as WpTerm[]).find((term) => term?.name?.toLowerCase() === name.toLowerCase()) : undefined;
      if (match) {
        ids.push(match.id);
        continue;
      }
      try {
        const created = await this.http.send({ method: 'POST', url: `${this.api}/tags`, headers: { authorization: this.authorization }, json: { name }, doing: 'creating a tag' }, signal);
        const term = created.body as WpTerm | undefined;
        if (typeof term?.id !== 'number') throw malformed('creating a tag');
        ids.push(term.id);
      } catch (error) {
        // Another writer created it in between (or the search missed it): WordPress names the existing term.
        const existing = termExists(error);
        if (existing === undefined) throw error;
        ids.push(existing);
      }
    }
    return [...new Set(ids)];
  }
}

function termExists(error: unknown): number | undefined {
  if (!(error instanceof DomainError) || error.details.upstream_code !== 'term_exists') return undefined;
  const termId = (error.details as { term_id?: unknown }).term_id;
  return typeof termId === 'number' ? termId : undefined;
}

/** WordPress's `date_gmt`: ISO 8601 in UTC without a zone or milliseconds. */
export function wordpressDate(at: Date): string {
  return at.toISOString().slice(0, 19);
}

function malformed(doing: string): DomainError {
  return new DomainError('publish_upstream_error', `the blog's answer ${doing} is not what its API documents`, { retryable: true });
}
