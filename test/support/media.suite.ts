import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import type { Media, MediaUrls } from '@app/ingestion';
import type { SeededUser } from './accounts.js';
import { useStack } from './use-stack.js';

const TTL_MAX = 7200;

/** Collects a response body as raw bytes whatever its type. */
function binary(res: unknown, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Path and query of an absolute URL, for the in-process server. */
const local = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

const etagOf = (key: string) => `"${createHash('sha256').update(key).digest('hex').slice(0, 32)}"`;

/**
 * Where the media suite's files live: `local` (STORAGE_DIR) or `s3` (s3rver; files are served by
 * 302 redirects to presigned bucket URLs). S3_PROXY=true, streaming from the bucket through the
 * API, is run by test/multi-process.e2e-spec.ts.
 */
export type MediaDriver = 'local' | 's3';

/** A file as the client finally got it, and the API's own answer when that was a redirect to the bucket. */
interface Served {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** The API's 302 (s3 driver), whose Location the client followed. */
  redirect?: { headers: Record<string, string | undefined> };
}

/** The stored bytes of a key, through the app's own storage (either driver). */
type StorageOf = {
  driver: string;
  open(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  pathOf?(key: string): string;
  putAt?(key: string, source: Readable): Promise<unknown>;
};

/**
 * The media endpoints end to end — listing, description, files served to the owner and to signed
 * URLs, byte ranges, ETags, post exports and deletion — against one storage driver. One test file
 * per driver (configuration is read once per file).
 */
export function mediaSuite(driver: MediaDriver): void {
  const stack = useStack<{ s3?: true }>({
    worker: true,
    fakes: driver === 'local' ? {} : { s3: true },
    env: { JOB_ATTEMPTS: '1', OPENAI_API_KEY: '', MEDIA_URL_TTL_S: String(TTL_MAX) },
  });
  const redirects = driver === 's3';
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;
  let urls: MediaUrls;
  let pngId: string;
  let jpegId: string;
  let png: Media;

  const stored = async (owner: SeededUser, id: string): Promise<Media> => {
    const { MediaService } = await import('@app/ingestion');
    return api.app.get(MediaService).get(owner.user.id, id);
  };
  const storage = async (): Promise<StorageOf> => {
    const { STORAGE } = await import('@app/ingestion');
    return api.app.get<StorageOf>(STORAGE);
  };
  const fileOnDisk = async (key: string): Promise<Buffer> => buffer(await (await storage()).open(key));
  /**
   * GET (or HEAD) of a media file as a browser does it: the API's answer, and with the s3 driver
   * the bucket's answer to the presigned URL it redirects to (Range and all sent along).
   */
  const fetchFile = async (path: string, options: { auth?: Record<string, string>; headers?: Record<string, string>; method?: 'GET' | 'HEAD' } = {}): Promise<Served> => {
    const method = options.method ?? 'GET';
    let request = method === 'GET' ? api.http.get(path) : api.http.head(path);
    for (const [name, value] of Object.entries({ ...options.auth, ...options.headers })) request = request.set(name, value);
    const res = await request.redirects(0).buffer(true).parse(binary);
    if (res.status !== 302) {
      expect(redirects && res.status < 300).toBe(false);
      return { status: res.status, headers: res.headers as Record<string, string>, body: Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0) };
    }
    expect(redirects).toBe(true);
    const location = res.headers.location!;
    expect(location.startsWith(stack.fakes.s3!.url)).toBe(true);
    expect(location).toMatch(/X-Amz-Signature=/);
    const bucket = await fetch(location, { method, headers: options.headers ?? {} });
    return {
      status: bucket.status,
      headers: Object.fromEntries(bucket.headers),
      body: Buffer.from(await bucket.arrayBuffer()),
      redirect: { headers: res.headers as Record<string, string> },
    };
  };
  /** The headers the API itself answered with (its 302, when redirected). */
  const apiHeaders = (served: Served) => served.redirect?.headers ?? served.headers;
  const upload = async (owner: SeededUser, bytes: Buffer, name: string): Promise<string> => {
    const res = await api.http.post('/api/v1/documents/upload').set(owner.auth).attach('files', bytes, name).expect(202);
    const job = await stack.job(owner, res.body.job_id, 'succeeded');
    expect(job.output.media_ids).toHaveLength(1);
    return job.output.media_ids[0];
  };

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
    const { MediaUrls } = await import('@app/ingestion');
    urls = api.app.get(MediaUrls);

    const pngBytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3a7' } }).png().toBuffer();
    pngId = await upload(alice, pngBytes, 'chart.png');
    const jpegBytes = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a37' } }).jpeg().toBuffer();
    jpegId = await upload(alice, jpegBytes, 'photo.jpg');
    png = await stored(alice, pngId);
  }, 60_000);

  it(redirects ? 'is ready while the bucket answers, and 503 naming storage while it does not' : 'is ready with the storage directory writable', async () => {
    const ready = await api.http.get('/readyz').expect(200);
    expect(ready.body.info.storage).toEqual({ status: 'up', driver });
    if (!redirects) return;
    const release = stack.fakes.s3!.hold('HEAD bucket');
    try {
      const down = await api.http.get('/readyz').expect(503);
      expect(down.body.error).toEqual({ storage: { status: 'down', driver: 's3', message: 'storage unreachable' } });
    } finally {
      release();
    }
    await api.http.get('/readyz').expect(200);
  });

  it('lists the caller’s media newest first, a page at a time, and nobody else’s', async () => {
    const first = await api.http.get('/api/v1/media?limit=1').set(alice.auth).expect(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([jpegId]);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await api.http.get(`/api/v1/media?limit=1&cursor=${first.body.next_cursor}`).set(alice.auth).expect(200);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([pngId]);
    expect(second.body.next_cursor).toBeNull();
    expect(second.body.items[0].variants).toHaveLength(4);

    expect((await api.http.get('/api/v1/media').set(bob.auth).expect(200)).body).toEqual({ items: [], next_cursor: null });
    await api.http.get('/api/v1/media').expect(401);
    expect((await api.http.get('/api/v1/media?cursor=nope').set(alice.auth).expect(400)).body.errors[0].field).toBe('cursor');
  });

  it('describes a media with stable URLs of its original and every variant', async () => {
    const res = await api.http.get(`/api/v1/media/${pngId}`).set(alice.auth).expect(200);
    expect(res.body).toMatchObject({
      id: pngId,
      document_id: null,
      mime: 'image/png',
      bytes: png.bytes,
      width: 900,
      height: 600,
      original_name: 'chart.png',
      url: urls.url(pngId, 'original'),
    });
    expect(res.body.url).toMatch(new RegExp(`/api/v1/media/${pngId}/original$`));
    expect(new Date(res.body.created_at).getTime()).toBe(png.createdAt.getTime());
    expect(res.body.signed_url).toBeUndefined();
    const names = res.body.variants.map((variant: { name: string }) => variant.name).sort();
    expect(names).toEqual(['320.avif', '320.webp', '768.avif', '768.webp']);
    for (const variant of res.body.variants) {
      const own = png.variants.find((candidate) => `${candidate.width}.${candidate.format}` === variant.name)!;
      expect(variant).toEqual({
        name: variant.name,
        format: own.format,
        mime: `image/${own.format}`,
        width: own.width,
        height: own.height,
        bytes: own.bytes,
        url: urls.url(pngId, variant.name),
      });
    }
  });

  it('serves the original and every variant to the owner with its type, size, bytes and caching headers', async () => {
    const files = [{ name: 'original', key: png.storageKey, mime: 'image/png', bytes: png.bytes }, ...png.variants.map((v) => ({ name: `${v.width}.${v.format}`, ...v }))];
    expect(files).toHaveLength(5);
    for (const file of files) {
      const res = await fetchFile(`/api/v1/media/${pngId}/${file.name}`, { auth: alice.auth });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(file.mime);
      expect(res.headers['content-length']).toBe(String(file.bytes));
      expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(apiHeaders(res)['x-content-type-options']).toBe('nosniff');
      expect(apiHeaders(res).etag).toBe(etagOf(file.key));
      expect(Buffer.compare(res.body, await fileOnDisk(file.key))).toBe(0);
    }
    const original = await fetchFile(`/api/v1/media/${pngId}/original`, { auth: alice.auth });
    expect((await sharp(original.body).metadata()).format).toBe('png');
  });

  it('serves one byte range with 206 and Content-Range, and 416 for a range past the end', async () => {
    const path = `/api/v1/media/${pngId}/original`;
    const whole = await fileOnDisk(png.storageKey);
    const head = await fetchFile(path, { auth: alice.auth, headers: { Range: 'bytes=0-99' } });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-99/${png.bytes}`);
    expect(head.headers['content-length']).toBe('100');
    expect(head.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(head.body, whole.subarray(0, 100))).toBe(0);

    // A suffix range (s3rver misreads those as `0-N`; a bucket is RFC 9110's business, the API's own answer is tested).
    if (!redirects) {
      const tail = await fetchFile(path, { auth: alice.auth, headers: { Range: 'bytes=-10' } });
      expect(tail.status).toBe(206);
      expect(tail.headers['content-range']).toBe(`bytes ${png.bytes - 10}-${png.bytes - 1}/${png.bytes}`);
      expect(Buffer.compare(tail.body, whole.subarray(png.bytes - 10))).toBe(0);
    }
    const middle = await fetchFile(path, { auth: alice.auth, headers: { Range: `bytes=100-${png.bytes + 50}` } });
    expect(middle.status).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes 100-${png.bytes - 1}/${png.bytes}`);
    expect(Buffer.compare(middle.body, whole.subarray(100))).toBe(0);

    const past = await fetchFile(path, { auth: alice.auth, headers: { Range: `bytes=${png.bytes}-` } });
    expect(past.status).toBe(416);
    if (!redirects) {
      // The bucket answers its own 416 (with an S3 error body); through the API the header says the size.
      expect(past.headers['content-range']).toBe(`bytes */${png.bytes}`);
      expect(past.headers['accept-ranges']).toBe('bytes');
      // If-Range with another ETag: the whole file, as the client's part is stale.
      const stale = await fetchFile(path, { auth: alice.auth, headers: { Range: 'bytes=0-99', 'If-Range': '"stale"' } });
      expect(stale.status).toBe(200);
      expect(stale.body.length).toBe(png.bytes);
      const current = await fetchFile(path, { auth: alice.auth, headers: { Range: 'bytes=0-99', 'If-Range': etagOf(png.storageKey) } });
      expect(current.status).toBe(206);
    }
    // Several ranges are not served as multipart/byteranges: the whole file instead, as RFC 9110 allows.
    if (!redirects) {
      const several = await fetchFile(path, { auth: alice.auth, headers: { Range: 'bytes=0-1,5-6' } });
      expect(several.status).toBe(200);
      expect(several.body.length).toBe(png.bytes);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetchFile(`/api/v1/media/${pngId}/768.webp`, { auth: alice.auth, method: 'HEAD' });
    const variant = png.variants.find((v) => v.width === 768 && v.format === 'webp')!;
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['content-length']).toBe(String(variant.bytes));
    expect(apiHeaders(res).etag).toBe(etagOf(variant.key));
    expect(res.body.length).toBe(0);
  });

  it('answers 304 without a body when If-None-Match names the ETag', async () => {
    const path = `/api/v1/media/${pngId}/320.avif`;
    const etag = apiHeaders(await fetchFile(path, { auth: alice.auth })).etag!;
    const cached = await api.http.get(path).set(alice.auth).set('If-None-Match', etag).buffer(true).parse(binary).expect(304);
    expect((cached.body as Buffer).length).toBe(0);
    expect(cached.headers.etag).toBe(etag);
    expect(cached.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    await api.http.get(path).set(alice.auth).set('If-None-Match', `"other", W/${etag}`).expect(304);
    expect((await fetchFile(path, { auth: alice.auth, headers: { 'If-None-Match': '"0000"' } })).status).toBe(200);
    // Another file's ETag is another file's.
    expect((await fetchFile(`/api/v1/media/${pngId}/320.webp`, { auth: alice.auth, headers: { 'If-None-Match': etag } })).status).toBe(200);
  });

  it('signs URLs on request and serves them with no credentials, cacheable until they expire', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await api.http.get(`/api/v1/media/${pngId}?signed=true&ttl_s=600`).set(alice.auth).expect(200);
    const expiresAt = Date.parse(res.body.expires_at) / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600);
    expect(expiresAt).toBeLessThanOrEqual(before + 602);
    expect(res.body.signed_url).toMatch(new RegExp(`^${urls.url(pngId, 'original').replace(/[.?]/g, '\\$&')}\\?expires=${expiresAt}&signature=[\\w-]{43}$`));
    for (const variant of res.body.variants) {
      expect(variant.expires_at).toBe(res.body.expires_at);
      expect(variant.signed_url.startsWith(`${variant.url}?expires=${expiresAt}&signature=`)).toBe(true);
    }

    const variant = res.body.variants.find((v: { name: string }) => v.name === '768.avif');
    const key = png.variants.find((v) => v.width === 768 && v.format === 'avif')!.key;
    const served = await fetchFile(local(variant.signed_url));
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/avif');
    expect(Buffer.compare(served.body, await fileOnDisk(key))).toBe(0);
    const maxAge = Number(/^public, max-age=(\d+)$/.exec(served.headers['cache-control']!)?.[1]);
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
    expect(apiHeaders(served).etag).toBe(etagOf(key));
    if (served.redirect) {
      // The redirect is cached no longer than the presigned URL it names lives.
      const redirectAge = Number(/^public, max-age=(\d+)$/.exec(served.redirect.headers['cache-control']!)?.[1]);
      expect(redirectAge).toBeLessThan(maxAge);
      const presigned = new URL(served.redirect.headers.location!);
      expect(Number(presigned.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(600);
    }
    await api.http.get(local(variant.signed_url)).set('If-None-Match', etagOf(key)).expect(304);

    // Defaults to MEDIA_URL_TTL_S.
    const defaulted = await api.http.get(`/api/v1/media/${pngId}?signed=true`).set(alice.auth).expect(200);
    expect(Date.parse(defaulted.body.expires_at) / 1000).toBeGreaterThanOrEqual(before + TTL_MAX);
    expect((await fetchFile(local(defaulted.body.signed_url))).status).toBe(200);
  });

  it('answers 401 signature_invalid to a tampered signed URL and url_expired to an expired one', async () => {
    const signed = new URL(urls.signedUrl(pngId, '768.webp', 600).url);
    const expires = signed.searchParams.get('expires')!;
    const signature = signed.searchParams.get('signature')!;
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const tampered = [
      `/api/v1/media/${pngId}/768.webp?expires=${expires}&signature=${flipped}`,
      `/api/v1/media/${pngId}/768.avif?expires=${expires}&signature=${signature}`,
      `/api/v1/media/${jpegId}/768.webp?expires=${expires}&signature=${signature}`,
      `/api/v1/media/${pngId}/768.webp?expires=${Number(expires) + 60}&signature=${signature}`,
      `/api/v1/media/${pngId}/768.webp?signature=${signature}`,
      `/api/v1/media/${pngId}/768.webp?expires=soon&signature=${signature}`,
    ];
    for (const path of tampered) {
      const res = await api.http.get(path).expect(401);
      expect(res.body.type).toMatch(/signature_invalid$/);
    }
    // Credentials do not rescue a bad signature: the signature is what is checked.
    expect((await api.http.get(tampered[0]!).set(alice.auth).expect(401)).body.type).toMatch(/signature_invalid$/);
    expect((await fetchFile(local(signed.toString()))).status).toBe(200);

    const expired = urls.signedUrl(pngId, '768.webp', 60, Date.now() - 120_000).url;
    const res = await api.http.get(local(expired)).expect(401);
    expect(res.body.type).toMatch(/url_expired$/);
  });

  it('answers 401 without credentials or signature', async () => {
    const res = await api.http.get(`/api/v1/media/${pngId}/original`).expect(401);
    expect(res.body.type).toMatch(/unauthorized$/);
    await api.http.get(`/api/v1/media/${pngId}/original?expires=9999999999`).expect(401);
    await api.http.get(`/api/v1/media/${pngId}`).expect(401);
  });

  it('answers 403 to an API key without documents:read', async () => {
    const writer = await stack.user(['documents:write']);
    await api.http.get(`/api/v1/media/${pngId}/original`).set(writer.auth).expect(403);
  });

  it('answers 404 for another tenant’s media, description and bytes alike', async () => {
    const description = await api.http.get(`/api/v1/media/${pngId}`).set(bob.auth).expect(404);
    expect(description.body.type).toMatch(/not_found$/);
    await api.http.get(`/api/v1/media/${pngId}/original`).set(bob.auth).expect(404);
    await api.http.get(`/api/v1/media/${pngId}/768.webp`).set(bob.auth).expect(404);
    await api.http.get(`/api/v1/media/${pngId}?signed=true`).set(bob.auth).expect(404);
  });

  it('answers 404 naming an unknown variant, 404 for an unknown id, and 400 naming id for a non-UUID', async () => {
    const unknown = await api.http.get(`/api/v1/media/${pngId}/999.webp`).set(alice.auth).expect(404);
    expect(unknown.body.detail).toContain('999.webp');
    // The JPEG (400 px wide) has only 320 px variants.
    expect((await api.http.get(`/api/v1/media/${jpegId}/768.webp`).set(alice.auth).expect(404)).body.detail).toContain('768.webp');
    expect((await fetchFile(`/api/v1/media/${jpegId}/320.webp`, { auth: alice.auth })).status).toBe(200);
    await api.http.get('/api/v1/media/00000000-0000-4000-8000-000000000000').set(alice.auth).expect(404);
    await api.http.get('/api/v1/media/00000000-0000-4000-8000-000000000000/original').set(alice.auth).expect(404);

    for (const path of ['/api/v1/media/not-a-uuid', '/api/v1/media/not-a-uuid/original']) {
      const res = await api.http.get(path).set(alice.auth).expect(400);
      expect(res.body.errors[0].field).toBe('id');
    }
  });

  it('answers 400 naming ttl_s when out of range or sent without signed=true', async () => {
    for (const query of ['signed=true&ttl_s=30', `signed=true&ttl_s=${TTL_MAX + 1}`, 'signed=true&ttl_s=soon', 'ttl_s=600']) {
      const res = await api.http.get(`/api/v1/media/${pngId}?${query}`).set(alice.auth).expect(400);
      expect(res.body.errors[0].field).toBe('ttl_s');
    }
    expect((await api.http.get(`/api/v1/media/${pngId}?signed=maybe`).set(alice.auth).expect(400)).body.errors[0].field).toBe('signed');
  });

  it(redirects ? 'redirects to the bucket, which answers 404, when storage lost the file' : 'answers 404, not 500, when storage lost the file', async () => {
    const jpeg = await stored(alice, jpegId);
    const store = await storage();
    const bytes = await fileOnDisk(jpeg.storageKey);
    await store.delete(jpeg.storageKey);
    try {
      const lost = await fetchFile(`/api/v1/media/${jpegId}/original`, { auth: alice.auth });
      expect(lost.status).toBe(404);
      // The API checks nothing with the bucket before redirecting (no HEAD per download).
      if (!redirects) expect(JSON.parse(lost.body.toString()).type).toMatch(/not_found$/);
    } finally {
      if (store.pathOf) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(store.pathOf(jpeg.storageKey), bytes);
      } else await store.putAt!(jpeg.storageKey, Readable.from([bytes]));
    }
    expect((await fetchFile(`/api/v1/media/${jpegId}/original`, { auth: alice.auth })).status).toBe(200);
  });

  describe('post export', () => {
    let postId: string;
    let stable: string;
    let variantUrl: string;

    beforeAll(async () => {
      const { PostsService } = await import('@app/ai');
      stable = urls.url(pngId, 'original');
      variantUrl = urls.url(pngId, '768.webp');
      const post = await api.app.get(PostsService).create({
        userId: alice.user.id,
        documentId: null,
        jobId: null,
        title: 'Charts in the garden',
        slug: 'charts-in-the-garden',
        description: 'A post with an image.',
        keywords: ['charts'],
        markdown: `# Charts in the garden\n\n![A green chart](${variantUrl})\n\nSee [the original](${stable}) or [elsewhere](https://example.com/a.png).\n`,
        html: `<h1>Charts in the garden</h1><p><img src="${variantUrl}" alt="A green chart"></p><p><a href="${stable}">the original</a> or <a href="https://example.com/a.png">elsewhere</a></p>`,
        chapters: [],
        images: [
          {
            chapter_index: 0,
            prompt: 'a green chart',
            alt_text: 'A green chart',
            placement: 'after',
            source: 'chosen',
            media_id: pngId,
            url: variantUrl,
            width: 768,
            height: 512,
            variants: [{ name: '768.webp', format: 'webp', mime: 'image/webp', width: 768, height: 512, url: variantUrl }],
          },
          { chapter_index: 1, prompt: 'a fence', alt_text: 'A fence', placement: 'before', source: 'none', error: { code: 'image_failed', message: 'no' } },
        ],
        meta: {},
      });
      postId = post.id;
    });

    const signedIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s"')<>\\]+\/api\/v1\/media\/[0-9a-f-]{36}\/[^\s"')<>\\]+/g)].map((m) => m[0]);

    it('keeps stable URLs by default and lists each image in the front matter', async () => {
      const res = await api.http.get(`/api/v1/posts/${postId}/export?format=md`).set(alice.auth).expect(200);
      expect(res.text).not.toContain('signature=');
      expect(res.text).toContain(`![A green chart](${variantUrl})`);
      expect(res.text).toContain(
        [
          'images:',
          '  - chapter_index: 0',
          '    source: "chosen"',
          `    media_id: "${pngId}"`,
          `    url: "${variantUrl}"`,
          '    alt_text: "A green chart"',
          '    width: 768',
          '    height: 512',
          '    placement: "after"',
          '  - chapter_index: 1',
          '    source: "none"',
          '    alt_text: "A fence"',
          '    placement: "before"',
          '---',
        ].join('\n'),
      );
      expect(res.text).not.toContain('prompt:');
    });

    it('signs every media URL of the md, html and json exports with one expiry, and they work without credentials', async () => {
      for (const format of ['md', 'html', 'json']) {
        const res = await api.http.get(`/api/v1/posts/${postId}/export?format=${format}&image_urls=signed&ttl_s=900`).set(alice.auth).expect(200);
        const text = res.text;
        if (format === 'json') expect(res.body.id).toBe(postId);
        expect(res.headers['cache-control']).toBe('private, no-store');
        const found = signedIn(text);
        expect(found.length).toBeGreaterThanOrEqual(format === 'md' ? 3 : 2);
        const expiries = new Set(found.map((url) => new URL(url).searchParams.get('expires')));
        expect(expiries.size).toBe(1);
        const expires = Number([...expiries][0]);
        expect(expires - Date.now() / 1000).toBeGreaterThan(890);
        expect(expires - Date.now() / 1000).toBeLessThanOrEqual(900);
        for (const url of found) expect(url).toMatch(/\?expires=\d+&signature=[\w-]{43}$/);
        expect(text).toContain('https://example.com/a.png');
        const served = await fetchFile(local(found.find((url) => url.includes('/768.webp?'))!));
        expect(served.status).toBe(200);
        expect(served.headers['content-type']).toBe('image/webp');
        expect((await fetchFile(local(found.find((url) => url.includes('/original?'))!))).status).toBe(200);
      }
      const md = await api.http.get(`/api/v1/posts/${postId}/export?format=md&image_urls=signed`).set(alice.auth).expect(200);
      expect(md.text).toMatch(new RegExp(`    url: "${variantUrl.replace(/[.?]/g, '\\$&')}\\?expires=\\d+&signature=[\\w-]{43}"`));
    });

    it('answers 400 naming ttl_s or image_urls for a bad signing request', async () => {
      for (const query of ['image_urls=signed&ttl_s=10', `image_urls=signed&ttl_s=${TTL_MAX + 1}`, 'ttl_s=600', 'image_urls=stable&ttl_s=600']) {
        const res = await api.http.get(`/api/v1/posts/${postId}/export?${query}`).set(alice.auth).expect(400);
        expect(res.body.errors[0].field).toBe('ttl_s');
      }
      expect((await api.http.get(`/api/v1/posts/${postId}/export?image_urls=public`).set(alice.auth).expect(400)).body.errors[0].field).toBe('image_urls');
    });
  });

  describe('DELETE /api/v1/media/{id}', () => {
    const exists = async (key: string) => fileOnDisk(key).then(() => true, () => false);

    it('removes the media and every stored file of it', async () => {
      const id = await upload(alice, await sharp({ create: { width: 500, height: 400, channels: 3, background: '#777' } }).png().toBuffer(), 'gone.png');
      const media = await stored(alice, id);
      const keys = [media.storageKey, ...media.variants.map((variant) => variant.key)];
      for (const key of keys) expect(await exists(key)).toBe(true);
      await api.http.delete(`/api/v1/media/${id}`).set(alice.auth).expect(204);
      await api.http.get(`/api/v1/media/${id}`).set(alice.auth).expect(404);
      for (const key of keys) expect(await exists(key)).toBe(false);
      const list = await api.http.get('/api/v1/media?limit=100').set(alice.auth).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
      await api.http.delete(`/api/v1/media/${id}`).set(alice.auth).expect(404);
    });

    it('a post that shows the image keeps its own copy: its Markdown, HTML and images name the copy, which is still served', async () => {
      const id = await upload(alice, await sharp({ create: { width: 800, height: 500, channels: 3, background: '#159' } }).png().toBuffer(), 'kept.png');
      const variant = urls.url(id, '768.webp');
      const { PostsService } = await import('@app/ai');
      const post = await api.app.get(PostsService).create({
        userId: alice.user.id,
        documentId: null,
        jobId: null,
        title: 'A post that keeps its picture',
        slug: `keeps-its-picture-${id.slice(0, 8)}`,
        description: 'It shows an image that is deleted later.',
        keywords: ['picture'],
        markdown: `# Keeps\n\n![A blue field](${variant})\n`,
        html: `<h1>Keeps</h1><p><img src="${variant}" alt="A blue field"></p>`,
        chapters: [],
        images: [{ chapter_index: 0, prompt: 'p', alt_text: 'A blue field', placement: 'before', source: 'chosen', media_id: id, url: variant }],
        meta: {},
      });
      const old = await stored(alice, id);
      await api.http.delete(`/api/v1/media/${id}`).set(alice.auth).expect(204);
      await api.http.get(`/api/v1/media/${id}`).set(alice.auth).expect(404);
      for (const key of [old.storageKey, ...old.variants.map((v) => v.key)]) expect(await exists(key)).toBe(false);

      const after = (await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body;
      const copyId = after.images[0].media_id as string;
      expect(copyId).not.toBe(id);
      expect(after.markdown).toContain(urls.url(copyId, '768.webp'));
      expect(after.markdown).not.toContain(id);
      expect(after.html).not.toContain(id);
      const copy = await stored(alice, copyId);
      expect(copy.variants.map((v) => `${v.width}.${v.format}`).sort()).toEqual(old.variants.map((v) => `${v.width}.${v.format}`).sort());
      const served = await fetchFile(`/api/v1/media/${copyId}/768.webp`, { auth: alice.auth });
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      expect(Buffer.compare(served.body, await fileOnDisk(copy.variants.find((v) => v.width === 768 && v.format === 'webp')!.key))).toBe(0);
    });

    it('answers 404 for another tenant’s media (which stays), 401 without auth, 403 without documents:write and 400 naming id', async () => {
      await api.http.delete(`/api/v1/media/${jpegId}`).set(bob.auth).expect(404);
      await api.http.get(`/api/v1/media/${jpegId}`).set(alice.auth).expect(200);
      await api.http.delete(`/api/v1/media/${jpegId}`).expect(401);
      const reader = await stack.user(['documents:read']);
      await api.http.delete(`/api/v1/media/${jpegId}`).set(reader.auth).expect(403);
      const bad = await api.http.delete('/api/v1/media/not-a-uuid').set(alice.auth).expect(400);
      expect(bad.body.errors[0].field).toBe('id');
    });
  });
}
