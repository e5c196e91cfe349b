import { HttpFake, type FakeReply, type FakeRequest, type ScriptedFailure } from './http.fake.js';

/** A post as the fake WordPress keeps it (the fields of the REST API's `post` object it serves). */
export interface WpPost {
  id: number;
  slug: string;
  status: string;
  date_gmt: string | null;
  title: string;
  content: string;
  excerpt: string;
  tags: number[];
  featured_media: number;
  link: string;
}

export interface WpMedia {
  id: number;
  filename: string;
  mime_type: string;
  bytes: number;
  source_url: string;
}

export interface WpTag {
  id: number;
  name: string;
  slug: string;
}

const API = '/wp-json/wp/v2';

/**
 * A WordPress site's REST API (`/wp-json/wp/v2`, written from the REST API Handbook): application
 * password auth (HTTP Basic, `401 incorrect_password` / `rest_not_logged_in`), media uploaded as the
 * raw file with `Content-Disposition: attachment; filename=…` (`rest_upload_no_data`,
 * `rest_upload_file_too_big`), tags found with `?search=` and created (`400 term_exists` naming the
 * term), posts created with POST /posts and updated with POST /posts/<id> (`404
 * rest_post_invalid_id`). Errors are `{code, message, data: {status}}`.
 */
export class FakeWordPress extends HttpFake {
  readonly username = 'editor';
  /** WordPress shows application passwords in groups of four. */
  readonly applicationPassword = 'abcd EFGH 1234 ijkl MNOP 5678';
  readonly posts = new Map<number, WpPost>();
  readonly media = new Map<number, WpMedia>();
  readonly tags = new Map<number, WpTag>();
  /** Larger uploads are refused with 413 rest_upload_file_too_big. */
  uploadMaxBytes = 5 * 1024 * 1024;
  private nextId = 100;

  constructor() {
    super();
    this.route('POST', `${API}/media`, (request, reply) => void (this.authorized(request, reply) && this.uploadMedia(request, reply)));
    this.route('GET', `${API}/tags`, (request, reply) => void (this.authorized(request, reply) && this.searchTags(request, reply)));
    this.route('POST', `${API}/tags`, (request, reply) => void (this.authorized(request, reply) && this.createTag(request, reply)));
    this.route('POST', `${API}/posts`, (request, reply) => void (this.authorized(request, reply) && this.savePost(request, reply, undefined)));
    this.route('POST', new RegExp(`^${API}/posts/(?<id>\\d+)$`), (request, reply) => void (this.authorized(request, reply) && this.savePost(request, reply, Number(request.params.id))));
    this.route('GET', new RegExp(`^${API}/posts/(?<id>\\d+)$`), (request, reply) => {
      if (!this.authorized(request, reply)) return;
      const post = this.posts.get(Number(request.params.id));
      if (!post) return this.error(reply, 404, 'rest_post_invalid_id', 'Invalid post ID.');
      reply.json(200, this.postBody(post));
    });
  }

  /** Requests to the REST API's `path` (under /wp-json/wp/v2), by method. */
  calls(method: string, path: string | RegExp): FakeRequest[] {
    return this.requests.filter((request) => request.method === method && (typeof path === 'string' ? request.path === `${API}${path}` : path.test(request.path.slice(API.length))));
  }

  private authorized(request: FakeRequest, reply: FakeReply): boolean {
    const header = request.headers.authorization;
    if (!header) {
      this.error(reply, 401, 'rest_not_logged_in', 'You are not currently logged in.');
      return false;
    }
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    if (decoded !== `${this.username}:${this.applicationPassword}`) {
      this.error(reply, 401, 'incorrect_password', 'The provided password is an invalid application password.');
      return false;
    }
    return true;
  }

  private uploadMedia(request: FakeRequest, reply: FakeReply): void {
    const disposition = String(request.headers['content-disposition'] ?? '');
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    if (!filename) return this.error(reply, 400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied.');
    if (request.raw.length === 0) return this.error(reply, 400, 'rest_upload_no_data', 'No data supplied.');
    if (request.raw.length > this.uploadMaxBytes) return this.error(reply, 413, 'rest_upload_file_too_big', 'The uploaded file exceeds the upload_max_filesize directive.');
    const mime = String(request.headers['content-type'] ?? '');
    if (!mime.startsWith('image/')) return this.error(reply, 400, 'rest_upload_sideload_error', 'Sorry, you are not allowed to upload this file type.');
    const id = this.nextId++;
    const item: WpMedia = { id, filename, mime_type: mime, bytes: request.raw.length, source_url: `${this.origin}/wp-content/uploads/2026/12/${filename}` };
    this.media.set(id, item);
    reply.json(201, { id, date_gmt: new Date().toISOString().slice(0, 19), slug: filename.replace(/\.\w+$/, ''), type: 'attachment', media_type: 'image', mime_type: mime, source_url: item.source_url, link: `${this.origin}/?attachment_id=${id}` });
  }

  private searchTags(request: FakeRequest, reply: FakeReply): void {
    const search = (request.query.search ?? '').toLowerCase();
    const perPage = Math.min(Number(request.query.per_page ?? 10), 100);
    const found = [...this.tags.values()].filter((tag) => tag.name.toLowerCase().includes(search)).slice(0, perPage);
    reply.json(200, found.map((tag) => this.tagBody(tag)), { 'x-wp-total': String(found.length), 'x-wp-totalpages': '1' });
  }

  private createTag(request: FakeRequest, reply: FakeReply): void {
    const name = (request.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || !name.trim()) return this.error(reply, 400, 'rest_missing_callback_param', 'Missing parameter(s): name');
    const existing = [...this.tags.values()].find((tag) => tag.name.toLowerCase() === name.toLowerCase());
    if (existing) return reply.json(400, { code: 'term_exists', message: 'A term with the name provided already exists in this taxonomy.', data: { status: 400, term_id: existing.id } });
    const tag: WpTag = { id: this.nextId++, name, slug: slugify(name) };
    this.tags.set(tag.id, tag);
    reply.json(201, this.tagBody(tag));
  }

  private savePost(request: FakeRequest, reply: FakeReply, id: number | undefined): void {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const existing = id === undefined ? undefined : this.posts.get(id);
    if (id !== undefined && !existing) return this.error(reply, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const status = body.status ?? existing?.status ?? 'draft';
    if (typeof status !== 'string' || !['publish', 'future', 'draft', 'pending', 'private'].includes(status)) {
      return this.error(reply, 400, 'rest_invalid_param', 'Invalid parameter(s): status');
    }
    const tags = body.tags ?? existing?.tags ?? [];
    if (!Array.isArray(tags) || tags.some((tag) => !this.tags.has(tag as number))) return this.error(reply, 400, 'rest_invalid_param', 'Invalid parameter(s): tags');
    const featured = Number(body.featured_media ?? existing?.featured_media ?? 0);
    if (featured !== 0 && !this.media.has(featured)) return this.error(reply, 400, 'rest_invalid_featured_media', 'Invalid featured media ID.');
    const postId = existing?.id ?? this.nextId++;
    const slug = typeof body.slug === 'string' ? body.slug : (existing?.slug ?? `post-${postId}`);
    const post: WpPost = {
      id: postId,
      slug,
      status,
      date_gmt: typeof body.date_gmt === 'string' ? body.date_gmt : (existing?.date_gmt ?? null),
      title: typeof body.title === 'string' ? body.title : (existing?.title ?? ''),
      content: typeof body.content === 'string' ? body.content : (existing?.content ?? ''),
      excerpt: typeof body.excerpt === 'string' ? body.excerpt : (existing?.excerpt ?? ''),
      tags: tags as number[],
      featured_media: featured,
      link: status === 'publish' ? `${this.origin}/${slug}/` : `${this.origin}/?p=${postId}`,
    };
    this.posts.set(postId, post);
    reply.json(existing ? 200 : 201, this.postBody(post));
  }

  private postBody(post: WpPost): Record<string, unknown> {
    return {
      id: post.id,
      date_gmt: post.date_gmt,
      slug: post.slug,
      status: post.status,
      type: 'post',
      link: post.link,
      title: { raw: post.title, rendered: post.title },
      content: { raw: post.content, rendered: post.content, protected: false },
      excerpt: { raw: post.excerpt, rendered: `<p>${post.excerpt}</p>\n`, protected: false },
      featured_media: post.featured_media,
      tags: post.tags,
    };
  }

  private tagBody(tag: WpTag): Record<string, unknown> {
    return { id: tag.id, count: 0, description: '', link: `${this.origin}/tag/${tag.slug}/`, name: tag.name, slug: tag.slug, taxonomy: 'post_tag' };
  }

  private error(reply: FakeReply, status: number, code: string, message: string): void {
    reply.json(status, { code, message, data: { status } });
  }

  protected override notFound(_request: FakeRequest, reply: FakeReply): void {
    this.error(reply, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  protected override failed(_request: FakeRequest, reply: FakeReply, failure: ScriptedFailure): void {
    this.error(reply, failure.status, failure.status >= 500 ? 'internal_server_error' : 'scripted_failure', 'There has been a critical error on this website.');
  }
}

function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
