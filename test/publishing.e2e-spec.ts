import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

const TARGETS = '/api/v1/publish-targets';
const UUID = '00000000-0000-4000-8000-000000000000';

describe('publishing posts to WordPress and Ghost', () => {
  const stack = useStack({
    worker: true,
    // On a port too, for the MCP client.
    listen: true,
    fakes: { wordpress: true, ghost: true, openaiImages: true, webhookReceiver: true },
    // The fake blogs run on 127.0.0.1: allow-listed for publishing only (as WEBHOOK_ALLOWED_HOSTS is for webhooks).
    // A job gets three attempts 50 ms, 100 ms apart: a blog's 5xx is retried quickly.
    env: {
      LLM_PROVIDER: 'extractive',
      IMAGE_MODEL: 'gpt-image-1',
      IMAGES_MAX_PER_POST: '2',
      IMAGE_CONCURRENCY: '1',
      PUBLISH_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      JOB_ATTEMPTS: '3',
      JOB_BACKOFF_MS: '50',
    },
  });
  const http = () => stack.api.http;
  const wordpress = () => stack.fakes.wordpress;
  const ghost = () => stack.fakes.ghost;
  let alice: SeededUser;
  let bob: SeededUser;
  /** Alice's post with two generated chapter images, and one without images. */
  let postId: string;
  let plainPostId: string;
  let targetForBadInput: string | undefined;

  async function generate(owner: SeededUser, images: boolean): Promise<string> {
    const res = await http().post('/api/v1/pipelines/generate_blog').set(owner.auth).send({ text: SAMPLE, options: { chapters_count: 2, images } }).expect(202);
    const job = await stack.job(owner, res.body.job_id, 'succeeded', 60_000);
    return job.output.post_id as string;
  }

  async function wordpressTarget(owner: SeededUser, password = wordpress().applicationPassword): Promise<string> {
    const res = await http()
      .post(TARGETS)
      .set(owner.auth)
      .send({ kind: 'wordpress', name: 'My WordPress', url: wordpress().origin, username: wordpress().username, application_password: password })
      .expect(201);
    return res.body.id as string;
  }

  async function ghostTarget(owner: SeededUser, key = ghost().adminApiKey): Promise<string> {
    const res = await http().post(TARGETS).set(owner.auth).send({ kind: 'ghost', url: ghost().origin, admin_api_key: key }).expect(201);
    return res.body.id as string;
  }

  async function publish(owner: SeededUser, post: string, body: Record<string, unknown>, outcome = 'succeeded'): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await http().post(`/api/v1/posts/${post}/publish`).set(owner.auth).send(body).expect(202);
    expect(res.body).toMatchObject({ type: 'publish_post', status: 'queued' });
    return stack.job(owner, res.body.job_id, outcome, 30_000);
  }

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
    postId = await generate(alice, true);
    plainPostId = await generate(alice, false);
  }, 120_000);

  describe('publish targets', () => {
    it('creates, lists, reads and deletes a target; credentials are stored encrypted and never answered', async () => {
      const created = await http()
        .post(TARGETS)
        .set(alice.auth)
        .send({ kind: 'wordpress', url: `${wordpress().origin}/`, username: 'editor', application_password: 'abcd EFGH 1234 ijkl MNOP 5678' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        kind: 'wordpress',
        name: `127.0.0.1:${wordpress().port}`,
        url: wordpress().origin,
        credential_hint: 'ed•••',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const ghostCreated = await http().post(TARGETS).set(alice.auth).send({ kind: 'ghost', name: 'Ghost', url: ghost().origin, admin_api_key: ghost().adminApiKey }).expect(201);
      expect(ghostCreated.body).toMatchObject({ kind: 'ghost', name: 'Ghost', credential_hint: `${ghost().keyId.slice(0, 2)}•••` });

      const read = await http().get(`${TARGETS}/${created.body.id}`).set(alice.auth).expect(200);
      expect(read.body).toEqual(created.body);
      const list = await http().get(TARGETS).set(alice.auth).query({ limit: 50 }).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([created.body.id, ghostCreated.body.id]));
      expect(list.body.next_cursor).toBeNull();
      const everything = JSON.stringify([created.body, ghostCreated.body, read.body, list.body]);
      for (const secret of ['abcd EFGH', ghost().keySecret, 'editor"']) expect(everything).not.toContain(secret);

      const [row] = await stack.sql<{ encrypted_credentials: string }>('select encrypted_credentials from publish_targets where id = ?', [ghostCreated.body.id]);
      expect(row!.encrypted_credentials).toMatch(/^v1\./);
      expect(row!.encrypted_credentials).not.toContain(ghost().keySecret);

      await http().delete(`${TARGETS}/${created.body.id}`).set(alice.auth).expect(204);
      await http().get(`${TARGETS}/${created.body.id}`).set(alice.auth).expect(404);
      await http().delete(`${TARGETS}/${created.body.id}`).set(alice.auth).expect(404);
    });

    it("answers 404 for another tenant's target and 401 without credentials", async () => {
      const id = await wordpressTarget(alice);
      const hidden = await http().get(`${TARGETS}/${id}`).set(bob.auth).expect(404);
      expect(hidden.body.type).toContain('publish_target_not_found');
      await http().delete(`${TARGETS}/${id}`).set(bob.auth).expect(404);
      expect((await http().get(TARGETS).set(bob.auth).expect(200)).body.items).toEqual([]);
      await http().post(`/api/v1/posts/${postId}/publish`).set(bob.auth).send({ target_id: id, status: 'draft' }).expect(404);
      const bobPost = await http().post(`/api/v1/posts/${postId}/publish`).set(alice.auth).send({ target_id: UUID, status: 'draft' }).expect(404);
      expect(bobPost.body.type).toContain('publish_target_not_found');

      await http().get(TARGETS).expect(401);
      await http().post(TARGETS).send({ kind: 'ghost', url: ghost().origin, admin_api_key: ghost().adminApiKey }).expect(401);
      await http().get(`${TARGETS}/${id}`).set({ Authorization: 'Bearer scr_wrong' }).expect(401);
      await http().delete(`${TARGETS}/${id}`).expect(401);
      await http().post(`/api/v1/posts/${postId}/publish`).send({ target_id: id, status: 'draft' }).expect(401);
      await http().get(`${TARGETS}/not-a-uuid`).set(alice.auth).expect(400);
    });

    it.each([
      ['kind missing', { url: 'https://blog.example.com', username: 'a', application_password: 'b' }, 'kind'],
      ['an unknown kind', { kind: 'medium', url: 'https://blog.example.com' }, 'kind'],
      ['url null', { kind: 'ghost', url: null, admin_api_key: `${'a'.repeat(24)}:${'b'.repeat(64)}` }, 'url'],
      ['url not a URL', { kind: 'ghost', url: 'blog', admin_api_key: `${'a'.repeat(24)}:${'b'.repeat(64)}` }, 'url'],
      ['a private url', { kind: 'wordpress', url: 'http://10.1.2.3', username: 'a', application_password: 'b' }, 'url'],
      ['a metadata url', { kind: 'wordpress', url: 'http://169.254.169.254/', username: 'a', application_password: 'b' }, 'PUBLISH_ALLOWED_HOSTS'],
      ['a url with credentials', { kind: 'wordpress', url: 'https://user:pass@blog.example.com', username: 'a', application_password: 'b' }, 'credentials'],
      ['a url with a query', { kind: 'wordpress', url: 'https://blog.example.com/?p=1', username: 'a', application_password: 'b' }, 'url'],
      ['wordpress without its password', { kind: 'wordpress', url: 'https://blog.example.com', username: 'a' }, 'application_password'],
      ['a number for username', { kind: 'wordpress', url: 'https://blog.example.com', username: 7, application_password: 'b' }, 'username'],
      ['ghost with a username', { kind: 'ghost', url: 'https://blog.example.com', admin_api_key: `${'a'.repeat(24)}:${'b'.repeat(64)}`, username: 'x' }, 'username'],
      ['a malformed admin key', { kind: 'ghost', url: 'https://blog.example.com', admin_api_key: 'id:secret' }, 'admin_api_key'],
      ['an unknown field', { kind: 'ghost', url: 'https://blog.example.com', admin_api_key: `${'a'.repeat(24)}:${'b'.repeat(64)}`, password: 'x' }, 'password'],
      ['a name too long', { kind: 'ghost', name: 'n'.repeat(101), url: 'https://blog.example.com', admin_api_key: `${'a'.repeat(24)}:${'b'.repeat(64)}` }, 'name'],
    ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
      const res = await http().post(TARGETS).set(alice.auth).send(body).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    });

    it.each([
      ['target_id missing', { status: 'draft' }, 'target_id'],
      ['a bad status', { target_id: UUID, status: 'published' }, 'status'],
      ['status null', { target_id: UUID, status: null }, 'status'],
      ['future without scheduled_at', { target_id: 'T', status: 'future' }, 'scheduled_at'],
      ['future in the past', { target_id: 'T', status: 'future', scheduled_at: '2020-01-01T00:00:00Z' }, 'scheduled_at'],
      ['scheduled_at without a zone', { target_id: 'T', status: 'future', scheduled_at: '2099-01-01T00:00:00' }, 'scheduled_at'],
      ['scheduled_at with a draft', { target_id: 'T', status: 'draft', scheduled_at: '2099-01-01T00:00:00Z' }, 'scheduled_at'],
      ['an unknown field', { target_id: 'T', status: 'draft', tags: ['x'] }, 'tags'],
    ])('refuses a publish with %s (400 naming the field)', async (_what, body, field) => {
      // One target for every case (an account has at most 20).
      const target = (targetForBadInput ??= await wordpressTarget(alice));
      const sent = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, value === 'T' ? target : value]));
      const res = await http().post(`/api/v1/posts/${postId}/publish`).set(alice.auth).send(sent).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    });
  });

  describe('WordPress', () => {
    it('uploads the images, rewrites their URLs, sets tags, excerpt and feature image; publishing again updates the same post', async () => {
      const receiver = stack.fakes.webhookReceiver;
      const hook = await http().post('/api/v1/webhook-endpoints').set(alice.auth).send({ url: receiver.hook('published'), events: ['post.published'] }).expect(201);
      receiver.verifyWith('published', hook.body.secret);
      const target = await wordpressTarget(alice);
      const post = (await http().get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200)).body;
      expect(post.publications).toEqual([]);
      expect(post.published_url).toBeNull();
      const images = post.images.filter((image: { media_id?: string }) => image.media_id);
      expect(images).toHaveLength(2);
      const mediaBefore = wordpress().media.size;
      const postsBefore = wordpress().posts.size;

      const job = await publish(alice, postId, { target_id: target, status: 'publish' });
      expect(job.output).toMatchObject({ post_id: postId, target_id: target, remote_status: 'publish', created: true, images_uploaded: 2 });
      expect(wordpress().posts.size).toBe(postsBefore + 1);
      const remote = wordpress().posts.get(Number(job.output.remote_id))!;
      expect(job.output.remote_url).toBe(remote.link);
      expect(remote).toMatchObject({ title: post.title, slug: post.slug, excerpt: post.description, status: 'publish' });

      // Each image uploaded once, as the raw file with its name in Content-Disposition and Basic auth.
      const uploads = wordpress().calls('POST', '/media').slice(-2);
      expect(wordpress().media.size).toBe(mediaBefore + 2);
      for (const upload of uploads) {
        expect(upload.headers['content-disposition']).toMatch(/^attachment; filename="[0-9a-f-]{36}\.webp"$/);
        expect(upload.headers['content-type']).toBe('image/webp');
        expect(upload.headers.authorization).toBe(`Basic ${Buffer.from(`${wordpress().username}:${wordpress().applicationPassword}`).toString('base64')}`);
        expect(upload.raw.subarray(8, 12).toString('latin1')).toBe('WEBP');
      }
      const uploaded = [...wordpress().media.values()].slice(-2);
      for (const item of uploaded) expect(remote.content).toContain(`src="${item.source_url}"`);
      expect(remote.content).not.toContain('/api/v1/media/');
      expect(remote.content).not.toContain('<source');
      expect(remote.content).not.toMatch(/<h1/);
      expect(remote.featured_media).toBe(uploaded[0]!.id);
      // Tags: the post's keywords, by id, created once each.
      expect(remote.tags.map((id) => wordpress().tags.get(id)!.name)).toEqual(post.keywords);

      const read = (await http().get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200)).body;
      expect(read.published_url).toBe(remote.link);
      expect(read.publications).toEqual([
        { target_id: target, remote_id: String(remote.id), url: remote.link, status: 'publish', post_version: post.version, published_at: expect.any(String) },
      ]);

      // post.published reaches the webhook, signed, without the post's body.
      const got = await waitFor(() => receiver.received('published')[0], 20_000, 'post.published');
      expect(got.payload).toMatchObject({ type: 'post.published', data: { post_id: postId, job_id: job.id, target_id: target, target_kind: 'wordpress', remote_id: String(remote.id), remote_url: remote.link, remote_status: 'publish' } });
      expect(JSON.stringify(got.payload)).not.toContain('<p>');

      // Again, after an edit, as a draft: the same remote post is updated, no image uploaded again, no tag created twice.
      const tagsBefore = wordpress().tags.size;
      await http().patch(`/api/v1/posts/${postId}`).set(alice.auth).send({ title: 'A better title' }).expect(200);
      const again = await publish(alice, postId, { target_id: target, status: 'draft' });
      expect(again.output).toMatchObject({ remote_id: String(remote.id), created: false, images_uploaded: 2 });
      expect(wordpress().posts.size).toBe(postsBefore + 1);
      expect(wordpress().media.size).toBe(mediaBefore + 2);
      expect(wordpress().tags.size).toBe(tagsBefore);
      expect(wordpress().posts.get(remote.id)).toMatchObject({ title: 'A better title', status: 'draft' });
      expect(wordpress().calls('POST', `/posts/${remote.id}`)).toHaveLength(1);
      const publications = (await http().get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200)).body.publications;
      expect(publications).toHaveLength(1);
      expect(publications[0]).toMatchObject({ status: 'draft', post_version: post.version + 1 });
    });

    it('publishes once for two publishes started together, and replays an Idempotency-Key', async () => {
      const target = await wordpressTarget(alice);
      const before = wordpress().posts.size;
      // The fake answers slowly, so both jobs are running at once: the second waits for the first, then updates its post.
      wordpress().latencyMs = 300;
      try {
        const started = await Promise.all(
          [1, 2].map(() => http().post(`/api/v1/posts/${plainPostId}/publish`).set(alice.auth).send({ target_id: target, status: 'draft' }).expect(202)),
        );
        const jobs = await Promise.all(started.map((res) => stack.job(alice, res.body.job_id, 'succeeded')));
        expect(jobs.map((job) => job.output.created).sort()).toEqual([false, true]);
        expect(new Set(jobs.map((job) => job.output.remote_id)).size).toBe(1);
      } finally {
        wordpress().latencyMs = 0;
      }
      expect(wordpress().posts.size).toBe(before + 1);

      const key = `publish-${Date.now()}`;
      const first = await http().post(`/api/v1/posts/${plainPostId}/publish`).set(alice.auth).set('Idempotency-Key', key).send({ target_id: target, status: 'publish' }).expect(202);
      const replay = await http().post(`/api/v1/posts/${plainPostId}/publish`).set(alice.auth).set('Idempotency-Key', key).send({ target_id: target, status: 'publish' }).expect(202);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.job_id).toBe(first.body.job_id);
      await http().post(`/api/v1/posts/${plainPostId}/publish`).set(alice.auth).set('Idempotency-Key', key).send({ target_id: target, status: 'draft' }).expect(422);
      await stack.job(alice, first.body.job_id, 'succeeded');
    });

    it('schedules a post: status future with date_gmt', async () => {
      const target = await wordpressTarget(alice);
      const at = new Date(Date.now() + 3 * 86_400_000);
      at.setUTCMilliseconds(0);
      const job = await publish(alice, plainPostId, { target_id: target, status: 'future', scheduled_at: at.toISOString() });
      expect(job.output).toMatchObject({ remote_status: 'future', images_uploaded: 0 });
      expect(wordpress().posts.get(Number(job.output.remote_id))).toMatchObject({ status: 'future', date_gmt: at.toISOString().slice(0, 19), featured_media: 0 });
    });

    it('fails with publish_unauthorized at once when the application password is wrong', async () => {
      const target = await wordpressTarget(alice, 'wrong password');
      const job = await publish(alice, plainPostId, { target_id: target, status: 'draft' }, 'failed');
      expect(job.error).toMatchObject({ code: 'publish_unauthorized', details: { upstream_status: 401, upstream_code: 'incorrect_password' } });
      expect(job.attempts).toBe(1);
      expect(JSON.stringify(job)).not.toContain('wrong password');
    });

    it('retries a 5xx with backoff and succeeds without duplicating the post; fails with publish_upstream_error when it persists', async () => {
      const target = await wordpressTarget(alice);
      const before = wordpress().posts.size;
      wordpress().fail({ times: 1, status: 503, route: 'POST /wp-json/wp/v2/posts' });
      const job = await publish(alice, plainPostId, { target_id: target, status: 'publish' });
      expect(job.attempts).toBe(2);
      expect(wordpress().posts.size).toBe(before + 1);

      const other = await wordpressTarget(alice);
      wordpress().fail({ times: 3, status: 502, route: 'POST /wp-json/wp/v2/posts' });
      const failed = await publish(alice, plainPostId, { target_id: other, status: 'publish' }, 'failed');
      expect(failed.error).toMatchObject({ code: 'publish_upstream_error', details: { upstream_status: 502 } });
      expect(failed.attempts).toBe(3);
      expect(wordpress().posts.size).toBe(before + 1);
    });

    it('writes the post again when it was deleted on the blog, fails with publish_target_gone when the blog is gone, and publish_too_large for a 413', async () => {
      const target = await wordpressTarget(alice);
      const first = await publish(alice, plainPostId, { target_id: target, status: 'draft' });
      wordpress().posts.delete(Number(first.output.remote_id));
      const again = await publish(alice, plainPostId, { target_id: target, status: 'draft' });
      expect(again.output).toMatchObject({ created: true, remote_status: 'draft' });
      expect(again.output.remote_id).not.toBe(first.output.remote_id);
      expect(wordpress().posts.get(Number(again.output.remote_id))).toMatchObject({ status: 'draft' });
      // The publication now names the new remote post: the next publish updates it.
      const update = await publish(alice, plainPostId, { target_id: target, status: 'publish' });
      expect(update.output).toMatchObject({ created: false, remote_id: again.output.remote_id, remote_status: 'publish' });

      // The blog itself gone: the update and the new post are both refused.
      wordpress().posts.delete(Number(again.output.remote_id));
      wordpress().fail({ times: 1, status: 404, route: 'POST /wp-json/wp/v2/posts' });
      const gone = await publish(alice, plainPostId, { target_id: target, status: 'draft' }, 'failed');
      expect(gone.error).toMatchObject({ code: 'publish_target_gone', details: { upstream_status: 404 } });
      expect(gone.attempts).toBe(1);

      const small = await wordpressTarget(alice);
      wordpress().uploadMaxBytes = 10;
      try {
        const tooLarge = await publish(alice, postId, { target_id: small, status: 'draft' }, 'failed');
        expect(tooLarge.error).toMatchObject({ code: 'publish_too_large', details: { upstream_status: 413 } });
      } finally {
        wordpress().uploadMaxBytes = 5 * 1024 * 1024;
      }
    });
  });

  describe('Ghost', () => {
    it('signs each request with a 5-minute admin JWT, uploads images as multipart, creates the post, then updates it with updated_at', async () => {
      const target = await ghostTarget(alice);
      const post = (await http().get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200)).body;
      const imagesBefore = ghost().images.length;
      const job = await publish(alice, postId, { target_id: target, status: 'publish' });
      expect(job.output).toMatchObject({ remote_status: 'published', created: true, images_uploaded: 2 });
      const remote = ghost().posts.get(job.output.remote_id)!;
      expect(remote).toMatchObject({ title: post.title, slug: post.slug, custom_excerpt: post.description, meta_description: post.description, status: 'published' });
      expect(remote.tags.map((tag) => tag.name)).toEqual(post.keywords);
      expect(job.output.remote_url).toBe(remote.url);

      const uploaded = ghost().images.slice(imagesBefore);
      expect(uploaded).toHaveLength(2);
      for (const image of uploaded) {
        expect(image).toMatchObject({ mimeType: 'image/webp', filename: expect.stringMatching(/\.webp$/) });
        expect(image.bytes).toBeGreaterThan(100);
        expect(remote.html).toContain(`src="${image.url}"`);
      }
      expect(remote.feature_image).toBe(uploaded[0]!.url);
      expect(remote.html).not.toContain('/api/v1/media/');

      for (const request of ghost().requests.slice(-3)) {
        expect(request.headers['accept-version']).toBe('v5.0');
        expect(request.headers.authorization).toMatch(/^Ghost [\w-]+\.[\w-]+\.[\w-]+$/);
      }
      const claims = ghost().tokens.at(-1)!;
      expect(claims).toMatchObject({ aud: '/admin/' });
      expect((claims.exp as number) - (claims.iat as number)).toBe(300);

      // Publishing again reads the post for its updated_at, then PUTs with it: one post, updated.
      const count = ghost().posts.size;
      const updatedAt = remote.updated_at;
      const again = await publish(alice, postId, { target_id: target, status: 'draft' });
      expect(again.output).toMatchObject({ remote_id: remote.id, created: false, remote_status: 'draft' });
      expect(ghost().posts.size).toBe(count);
      const puts = ghost().calls('PUT', `/posts/${remote.id}/`);
      expect(puts).toHaveLength(1);
      expect((puts[0]!.body as { posts: { updated_at: string }[] }).posts[0]!.updated_at).toBe(updatedAt);
      expect(ghost().calls('GET', `/posts/${remote.id}/`)).toHaveLength(1);
      expect(ghost().images.length).toBe(imagesBefore + 2);
    });

    it('schedules a post: status scheduled with published_at', async () => {
      const target = await ghostTarget(alice);
      const at = new Date(Date.now() + 86_400_000);
      const job = await publish(alice, plainPostId, { target_id: target, status: 'future', scheduled_at: at.toISOString() });
      expect(job.output.remote_status).toBe('scheduled');
      expect(ghost().posts.get(job.output.remote_id)).toMatchObject({ status: 'scheduled', published_at: at.toISOString() });
    });

    it('fails with publish_unauthorized when the admin key is not the site\'s', async () => {
      const target = await ghostTarget(alice, `${ghost().keyId}:${'0'.repeat(64)}`);
      const job = await publish(alice, plainPostId, { target_id: target, status: 'draft' }, 'failed');
      expect(job.error).toMatchObject({ code: 'publish_unauthorized', details: { upstream_status: 401, upstream_code: 'UnauthorizedError' } });
    });

    it('retries a 500 and succeeds with one post', async () => {
      const target = await ghostTarget(alice);
      const before = ghost().posts.size;
      ghost().fail({ times: 1, status: 500, route: 'POST /ghost/api/admin/posts/' });
      const job = await publish(alice, plainPostId, { target_id: target, status: 'draft' });
      expect(job.attempts).toBe(2);
      expect(ghost().posts.size).toBe(before + 1);
    });
  });

  it('publishes through the MCP tool post_publish, as the REST route does', async () => {
    const target = await ghostTarget(alice);
    const client = new Client({ name: 'publishing-test-agent', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${stack.url}/mcp`), { requestInit: { headers: alice.auth } }));
    try {
      const result = (await client.callTool({ name: 'post_publish', arguments: { post_id: plainPostId, target_id: target, status: 'draft' } }, undefined, { timeout: 30_000 })) as {
        isError?: boolean;
        structuredContent?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ type: 'publish_post', status: 'succeeded', result: { created: true, remote_status: 'draft', target_id: target } });
      expect(ghost().posts.get(result.structuredContent!.result.remote_id)).toMatchObject({ status: 'draft' });

      const other = (await client.callTool({ name: 'post_publish', arguments: { post_id: plainPostId, target_id: UUID, status: 'draft' } })) as { isError?: boolean; structuredContent?: Record<string, unknown> };
      expect(other).toMatchObject({ isError: true, structuredContent: { code: 'publish_target_not_found', status: 404 } });
    } finally {
      await client.close();
    }
  });

  it('never writes credentials to the worker\'s logs', () => {
    const logs = stack.worker.output();
    expect(logs).toContain('post published');
    for (const secret of [wordpress().applicationPassword, ghost().keySecret, Buffer.from(`${wordpress().username}:${wordpress().applicationPassword}`).toString('base64')]) {
      expect(logs).not.toContain(secret);
    }
  });
});
