import { randomUUID } from 'node:crypto';
import { pngOf } from './fakes/openai-images.fake.js';
import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('chapter images of a post: replaced with one of the user\'s media, or generated again, as a new version', () => {
  const stack = useStack({ worker: true, fakes: { openaiImages: true }, env: { IMAGE_MODEL: 'gpt-image-1', JOB_ATTEMPTS: '1' } });
  const { api, sql } = stack;
  const { openaiImages: fake } = stack.fakes;
  let alice: SeededUser;
  let bob: SeededUser;
  let alicesImage: string;
  let bobsImage: string;

  const upload = async (owner: SeededUser, bytes: Buffer, name: string): Promise<string> => {
    const res = await api.http.post('/api/v1/documents/upload').set(owner.auth).attach('files', bytes, name).expect(202);
    const job = await stack.job(owner, res.body.job_id, 'succeeded');
    return job.output.media_ids[0] as string;
  };

  /** A post whose chapter 0 shows `oldMediaId` as composed by the pipeline (its <picture> in the Markdown). */
  async function newPost(owner: SeededUser, oldMediaId: string): Promise<{ id: string; oldMarkup: string }> {
    const { PostsService, pictureMarkup } = await import('@app/ai');
    const url = `http://localhost:3000/api/v1/media/${oldMediaId}/768.webp`;
    const image = {
      chapter_index: 0,
      prompt: 'A starter jar',
      alt_text: 'A jar of bubbly starter',
      placement: 'after' as const,
      source: 'chosen' as const,
      media_id: oldMediaId,
      url,
      width: 768,
      height: 576,
      variants: [{ name: '768.webp', format: 'webp', mime: 'image/webp', width: 768, height: 576, url }],
    };
    const oldMarkup = pictureMarkup(image)!;
    const markdown = `# Starter care\n\nIntro.\n\n## Feeding\n\nFeed it daily.\n\n${oldMarkup}\n\n## Storing\n\nKeep it cool.\n`;
    const post = await api.app.get(PostsService).create({
      userId: owner.user.id,
      documentId: null,
      jobId: null,
      title: 'Starter care',
      slug: '',
      description: 'd',
      keywords: [],
      markdown,
      html: '<h1>Starter care</h1>',
      chapters: [],
      images: [image],
      meta: {},
    });
    return { id: post.id, oldMarkup };
  }

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
    alicesImage = await upload(alice, await pngOf(640, 480), 'crumb.png');
    bobsImage = await upload(bob, await pngOf(400, 300), 'bob.png');
  });

  it('saves a new version whose Markdown, HTML and images show the chosen media; the earlier version keeps the old one', async () => {
    const oldId = randomUUID();
    const post = await newPost(alice, oldId);
    const res = await api.http.put(`/api/v1/posts/${post.id}/chapters/0/image`).set(alice.auth).send({ media_id: alicesImage }).expect(200);
    expect(res.body.version).toBe(2);
    expect(res.body.markdown).not.toContain(oldId);
    expect(res.body.markdown).not.toContain(post.oldMarkup);
    expect(res.body.markdown).toContain(`/api/v1/media/${alicesImage}/`);
    expect(res.body.markdown).toContain('alt="A jar of bubbly starter"');
    // Placed where the old one was: after the chapter's text, before the next chapter.
    expect(res.body.markdown.indexOf('<picture>')).toBeGreaterThan(res.body.markdown.indexOf('Feed it daily.'));
    expect(res.body.markdown.indexOf('<picture>')).toBeLessThan(res.body.markdown.indexOf('## Storing'));
    expect(res.body.html).toContain('<picture>');
    expect(res.body.html).toContain(`/api/v1/media/${alicesImage}/`);
    expect(res.body.images[0]).toMatchObject({ chapter_index: 0, source: 'chosen', media_id: alicesImage, alt_text: 'A jar of bubbly starter', placement: 'after' });
    const current = (await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body;
    expect(current).toMatchObject({ version: 2 });
    expect(current.markdown).toContain(alicesImage);
    const earlier = (await api.http.get(`/api/v1/posts/${post.id}?version=1`).set(alice.auth).expect(200)).body;
    expect(earlier.markdown).toContain(oldId);
    expect(earlier.markdown).not.toContain(alicesImage);
  });

  it('answers 404 for another tenant\'s post or media', async () => {
    const post = await newPost(alice, randomUUID());
    const media = await api.http.put(`/api/v1/posts/${post.id}/chapters/0/image`).set(alice.auth).send({ media_id: bobsImage }).expect(404);
    expect(media.body.type).toMatch(/not_found$/);
    await api.http.put(`/api/v1/posts/${post.id}/chapters/0/image`).set(bob.auth).send({ media_id: bobsImage }).expect(404);
    await api.http.put(`/api/v1/posts/${randomUUID()}/chapters/0/image`).set(alice.auth).send({ media_id: alicesImage }).expect(404);
    expect((await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body.version).toBe(1);
  });

  it('answers 400 naming the field for a bad index or media_id, never 5xx', async () => {
    const post = await newPost(alice, randomUUID());
    for (const index of ['x', '-1', '1.5', '99999']) {
      const res = await api.http.put(`/api/v1/posts/${post.id}/chapters/${index}/image`).set(alice.auth).send({ media_id: alicesImage }).expect(400);
      expect(JSON.stringify(res.body.errors)).toContain('index');
    }
    // A chapter without an image.
    const none = await api.http.put(`/api/v1/posts/${post.id}/chapters/1/image`).set(alice.auth).send({ media_id: alicesImage }).expect(400);
    expect(JSON.stringify(none.body.errors)).toContain('index');
    for (const body of [{}, { media_id: null }, { media_id: 42 }, { media_id: 'not-a-uuid' }, { media_id: alicesImage, extra: 1 }]) {
      const res = await api.http.put(`/api/v1/posts/${post.id}/chapters/0/image`).set(alice.auth).send(body).expect(400);
      expect(JSON.stringify(res.body.errors)).toMatch(/media_id|extra/);
    }
    expect((await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body.version).toBe(1);
  });

  it('answers 401 without credentials', async () => {
    const post = await newPost(alice, randomUUID());
    await api.http.put(`/api/v1/posts/${post.id}/chapters/0/image`).send({ media_id: alicesImage }).expect(401);
    await api.http.put(`/api/v1/posts/${post.id}/chapters/0/image`).set('Authorization', 'Bearer nope').send({ media_id: alicesImage }).expect(401);
  });

  describe('POST /api/v1/posts/{id}/chapters/{index}/image/regenerate', () => {
    it('runs a job that generates the chapter\'s image again (metered once) and saves it as a new version', async () => {
      const oldId = randomUUID();
      const post = await newPost(alice, oldId);
      const sentBefore = fake.requests.length;
      const res = await api.http.post(`/api/v1/posts/${post.id}/chapters/0/image/regenerate`).set(alice.auth).expect(202);
      expect(res.body.type).toBe('post_image_regenerate');
      const job = await stack.job(alice, res.body.job_id, 'succeeded');
      expect(job.output).toMatchObject({ post_id: post.id, version: 2, chapter_index: 0 });
      const mediaId = job.output.media_id as string;
      expect(fake.requests.length).toBe(sentBefore + 1);
      const current = (await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body;
      expect(current.version).toBe(2);
      expect(current.markdown).not.toContain(oldId);
      expect(current.markdown).toContain(`/api/v1/media/${mediaId}/`);
      expect(current.html).toContain(`/api/v1/media/${mediaId}/`);
      expect(current.images[0]).toMatchObject({ chapter_index: 0, source: 'generated', media_id: mediaId, alt_text: 'A jar of bubbly starter', prompt: 'A starter jar' });
      const usage = await sql<{ images: number; billable: boolean }>(`select images, billable from usage_events where job_id = ? and event_type = 'image'`, [job.id]);
      expect(usage).toEqual([{ images: 1, billable: true }]);
      await api.http.get(`/api/v1/media/${mediaId}`).set(alice.auth).expect(200);
    }, 60_000);

    it('fails the job with image_generation_failed when the model refuses, recording the call unbilled and keeping the post as it was', async () => {
      const post = await newPost(alice, randomUUID());
      fake.enqueue({ type: 'error', status: 400, code: 'content_policy_violation', errorType: 'image_generation_user_error', message: 'Your request was rejected by the safety system.' });
      const res = await api.http.post(`/api/v1/posts/${post.id}/chapters/0/image/regenerate`).set(alice.auth).expect(202);
      const job = await stack.job(alice, res.body.job_id, 'failed');
      expect(JSON.stringify(job.error)).toContain('image_generation_failed');
      const usage = await sql<{ images: number; billable: boolean }>(`select images, billable from usage_events where job_id = ? and event_type = 'image'`, [job.id]);
      expect(usage).toEqual([{ images: 0, billable: false }]);
      expect((await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body.version).toBe(1);
    }, 60_000);

    it('saves only over the version the image was placed in (412 version_mismatch otherwise)', async () => {
      const { PostsService } = await import('@app/ai');
      const post = await newPost(alice, randomUUID());
      await expect(api.app.get(PostsService).update(alice.user.id, post.id, { markdown: '# x', baseVersion: 2 })).rejects.toMatchObject({ code: 'version_mismatch' });
      expect((await api.app.get(PostsService).update(alice.user.id, post.id, { markdown: '# x', baseVersion: 1 })).version).toBe(2);
    });

    it('answers 400 naming index, 404 for another tenant\'s post, 401 without credentials, and 402 when no credits are left', async () => {
      const post = await newPost(alice, randomUUID());
      for (const index of ['x', '-1', '1']) {
        const res = await api.http.post(`/api/v1/posts/${post.id}/chapters/${index}/image/regenerate`).set(alice.auth).expect(400);
        expect(JSON.stringify(res.body.errors)).toContain('index');
      }
      await api.http.post(`/api/v1/posts/${post.id}/chapters/0/image/regenerate`).set(bob.auth).expect(404);
      await api.http.post(`/api/v1/posts/${post.id}/chapters/0/image/regenerate`).expect(401);

      const broke = await stack.user();
      const { BillingService } = await import('@app/billing');
      await api.app.get(BillingService, { strict: false }).ensureAccount(broke.user.id);
      await sql("insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref) values (gen_random_uuid(), now(), now(), ?, -1000000, 'test', ?)", [
        broke.user.id,
        `test:${broke.user.id}`,
      ]);
      const brokePost = await newPost(broke, randomUUID());
      const sentBefore = fake.requests.length;
      const refused = await api.http.post(`/api/v1/posts/${brokePost.id}/chapters/0/image/regenerate`).set(broke.auth).expect(402);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/credits_exhausted$/), limit: 'credits' });
      expect(fake.requests.length).toBe(sentBefore);
      expect((await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body.version).toBe(1);
    });
  });
});
