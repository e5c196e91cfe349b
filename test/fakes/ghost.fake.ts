import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpFake, type FakeReply, type FakeRequest, type MultipartBody, type ScriptedFailure } from './http.fake.js';

/** A post as the fake Ghost keeps it (fields of the Admin API's post resource). */
export interface GhostPost {
  id: string;
  uuid: string;
  title: string;
  slug: string;
  html: string;
  status: string;
  custom_excerpt: string | null;
  meta_description: string | null;
  feature_image: string | null;
  published_at: string | null;
  updated_at: string;
  tags: { id: string; name: string; slug: string }[];
  url: string;
}

const ADMIN = '/ghost/api/admin';

/**
 * A Ghost site's Admin API (`/ghost/api/admin`, written from Ghost's Admin API reference): every
 * request carries `Authorization: Ghost <JWT>` — HS256, `kid` the admin key's id, `aud` `/admin/`,
 * at most 5 minutes between `iat` and `exp` — verified with the key's hex-decoded secret (401
 * `UnauthorizedError` otherwise) and the `Accept-Version` header is recorded. Images are uploaded as
 * multipart (`file`) to /images/upload/; posts are created with POST /posts/ and updated with
 * PUT /posts/<id>/, which needs the post's current `updated_at` (409 `UpdateCollisionError`
 * otherwise). Tags are given by name; a `scheduled` post needs a future `published_at`. Errors are
 * `{errors: [{message, type}]}`.
 */
export class FakeGhost extends HttpFake {
  readonly keyId = randomBytes(12).toString('hex');
  readonly keySecret = randomBytes(32).toString('hex');
  readonly posts = new Map<string, GhostPost>();
  readonly images: { filename: string; mimeType: string; bytes: number; url: string }[] = [];
  /** The tokens' payloads verified, in order. */
  readonly tokens: Record<string, unknown>[] = [];
  private clock = 0;

  constructor() {
    super();
    this.route('POST', `${ADMIN}/images/upload/`, (request, reply) => void (this.authorized(request, reply) && this.upload(request, reply)));
    this.route('POST', `${ADMIN}/posts/`, (request, reply) => void (this.authorized(request, reply) && this.createPost(request, reply)));
    this.route('GET', new RegExp(`^${ADMIN}/posts/(?<id>[0-9a-f]{24})/$`), (request, reply) => {
      if (!this.authorized(request, reply)) return;
      const post = this.posts.get(request.params.id!);
      if (!post) return this.error(reply, 404, 'NotFoundError', 'Post not found.');
      reply.json(200, { posts: [post] });
    });
    this.route('PUT', new RegExp(`^${ADMIN}/posts/(?<id>[0-9a-f]{24})/$`), (request, reply) => void (this.authorized(request, reply) && this.updatePost(request, reply)));
  }

  /** The key as Ghost shows it: `<id>:<secret>`. */
  get adminApiKey(): string {
    return `${this.keyId}:${this.keySecret}`;
  }

  calls(method: string, path: string | RegExp): FakeRequest[] {
    return this.requests.filter((request) => request.method === method && (typeof path === 'string' ? request.path === `${ADMIN}${path}` : path.test(request.path.slice(ADMIN.length))));
  }

  private authorized(request: FakeRequest, reply: FakeReply): boolean {
    const match = /^Ghost ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(String(request.headers.authorization ?? ''));
    const refuse = (message: string) => {
      this.error(reply, 401, 'UnauthorizedError', message);
      return false;
    };
    if (!match) return refuse('Authorization header format is "Authorization: Ghost [token]"');
    const [, header, payload, signature] = match as unknown as [string, string, string, string];
    const expected = createHmac('sha256', Buffer.from(this.keySecret, 'hex')).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('Invalid token: invalid signature');
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (head.alg !== 'HS256' || head.kid !== this.keyId) return refuse('Unknown Admin API Key');
    if (claims.aud !== '/admin/') return refuse('Invalid token: jwt audience invalid');
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= now || claims.exp - claims.iat > 300) {
      return refuse('Invalid token: token expired or valid for more than 5 minutes');
    }
    this.tokens.push(claims);
    return true;
  }

  private upload(request: FakeRequest, reply: FakeReply): void {
    const body = request.body as MultipartBody | undefined;
    const file = body?.files.find((entry) => entry.field === 'file');
    if (!file || file.bytes === 0) return this.error(reply, 422, 'ValidationError', 'Please select an image.');
    if (!file.mimeType.startsWith('image/')) return this.error(reply, 415, 'UnsupportedMediaTypeError', 'Please select a valid image.');
    const url = `${this.origin}/content/images/2026/12/${file.filename}`;
    this.images.push({ filename: file.filename ?? '', mimeType: file.mimeType, bytes: file.bytes, url });
    reply.json(201, { images: [{ url, ref: body?.fields.ref ?? null }] });
  }

  private createPost(request: FakeRequest, reply: FakeReply): void {
    const input = (request.body as { posts?: Record<string, unknown>[] } | undefined)?.posts?.[0];
    if (!input || typeof input.title !== 'string') return this.error(reply, 422, 'ValidationError', 'Validation error, cannot save post.');
    const id = randomBytes(12).toString('hex');
    const post = this.apply({ id, uuid: crypto.randomUUID(), title: '', slug: id, html: '', status: 'draft', custom_excerpt: null, meta_description: null, feature_image: null, published_at: null, updated_at: '', tags: [], url: '' }, input, request);
    if (typeof post === 'string') return this.error(reply, 422, 'ValidationError', post);
    this.posts.set(id, post);
    reply.json(201, { posts: [post] });
  }

  private updatePost(request: FakeRequest, reply: FakeReply): void {
    const existing = this.posts.get(request.params.id!);
    if (!existing) return this.error(reply, 404, 'NotFoundError', 'Post not found.');
    const input = (request.body as { posts?: Record<string, unknown>[] } | undefined)?.posts?.[0];
    if (!input) return this.error(reply, 422, 'ValidationError', 'Validation error, cannot edit post.');
    if (input.updated_at !== existing.updated_at) {
      return this.error(reply, 409, 'UpdateCollisionError', 'Saving failed! Someone else is editing this post.');
    }
    const post = this.apply({ ...existing }, input, request);
    if (typeof post === 'string') return this.error(reply, 422, 'ValidationError', post);
    this.posts.set(post.id, post);
    reply.json(200, { posts: [post] });
  }

  /** The post with `input` applied, or why Ghost would refuse it. */
  private apply(post: GhostPost, input: Record<string, unknown>, request: FakeRequest): GhostPost | string {
    if (request.query.source === 'html' && typeof input.html === 'string') post.html = input.html;
    for (const field of ['title', 'slug', 'custom_excerpt', 'meta_description', 'feature_image', 'status', 'published_at'] as const) {
      if (input[field] !== undefined) (post as unknown as Record<string, unknown>)[field] = input[field];
    }
    if (!['draft', 'published', 'scheduled'].includes(post.status)) return `Validation (isIn) failed for status`;
    if ((post.custom_excerpt ?? '').length > 300) return 'Validation (isLength) failed for custom_excerpt';
    if (post.status === 'scheduled' && !(post.published_at && Date.parse(post.published_at) > Date.now())) {
      return 'Date must be at least 2 minutes in the future.';
    }
    if (post.status === 'published' && !post.published_at) post.published_at = new Date().toISOString();
    if (Array.isArray(input.tags)) {
      post.tags = (input.tags as { name?: string }[]).map((tag) => ({ id: randomBytes(12).toString('hex'), name: String(tag.name), slug: String(tag.name).toLowerCase().replace(/[^a-z0-9]+/g, '-') }));
    }
    // Ghost's updated_at has second precision; a counter keeps every save distinct.
    this.clock += 1;
    post.updated_at = new Date(Date.UTC(2026, 11, 1) + this.clock * 1000).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    post.url = post.status === 'published' ? `${this.origin}/${post.slug}/` : `${this.origin}/p/${post.uuid}/`;
    return post;
  }

  private error(reply: FakeReply, status: number, type: string, message: string): void {
    reply.json(status, { errors: [{ message, type }] });
  }

  protected override notFound(_request: FakeRequest, reply: FakeReply): void {
    this.error(reply, 404, 'NotFoundError', 'Resource not found');
  }

  protected override failed(_request: FakeRequest, reply: FakeReply, failure: ScriptedFailure): void {
    this.error(reply, failure.status, failure.status >= 500 ? 'InternalServerError' : 'ScriptedError', 'The server has encountered an error.');
  }
}
