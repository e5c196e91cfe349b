import sharp from 'sharp';
import { pngOf } from './fakes/openai-images.fake.js';
import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/** gpt-image-1 at 1024x1024 in the built-in price table: $0.042. */
const IMAGE_COST_MICROS = 42_000;

interface UsageRow {
  step_type: string;
  event_type: string;
  model: string;
  images: number;
  image_size: string | null;
  billable: boolean;
  failure: string | null;
  cost_micros: string | number;
}

describe('images per chapter: chosen, generated or spec only, optimized and placed in the post', () => {
  const stack = useStack({
    worker: true,
    fakes: { openaiImages: true },
    env: {
      LLM_PROVIDER: 'extractive',
      IMAGE_MODEL: 'gpt-image-1',
      IMAGES_MAX_PER_POST: '3',
      // One image at a time: the order of the fake's answers is the order of the chapters.
      IMAGE_CONCURRENCY: '1',
      // Short, so the killed worker's job is taken over soon; not so short that a loaded machine
      // (a lock renewal every 2.5 s missed) lets a second worker run a job that is still running.
      WORKER_LOCK_DURATION_MS: '5000',
      JOB_ATTEMPTS: '3',
      JOB_BACKOFF_MS: '50',
    },
  });
  const { openaiImages: fake } = stack.fakes;
  const { sql } = stack;
  let alice: SeededUser;
  let bob: SeededUser;
  const imageUsage = (jobId: string) =>
    sql<UsageRow>(
      `select step_type, event_type, model, images, image_size, billable, failure, cost_micros from usage_events where job_id = ? and event_type = 'image' order by step_type`,
      [jobId],
    );

  const upload = async (owner: SeededUser, bytes: Buffer, name: string): Promise<string> => {
    const res = await stack.api.http.post('/api/v1/documents/upload').set(owner.auth).attach('files', bytes, name).expect(202);
    const job = await stack.job(owner, res.body.job_id, 'succeeded');
    return job.output.media_ids[0] as string;
  };

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  it('generates an image per chapter up to IMAGES_MAX_PER_POST, optimized, metered once each and placed as <picture>', async () => {
    const sentBefore = fake.requests.length;
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 4, images: true } })
      .expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);

    expect(job.output.images).toEqual({
      planned: 4,
      chosen: 0,
      generated: 3,
      without_image: 1,
      problems: [{ chapter_index: 3, code: 'images_limit', message: expect.stringContaining('IMAGES_MAX_PER_POST') }],
    });
    const sent = fake.requests.slice(sentBefore);
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(request).toMatchObject({ model: 'gpt-image-1', size: '1024x1024', n: 1 });
      expect(request.body.response_format).toBeUndefined();
      expect(request.prompt.length).toBeGreaterThan(10);
    }

    const usage = await imageUsage(res.body.job_id);
    expect(usage.map((row) => row.step_type)).toEqual(['image_1', 'image_2', 'image_3']);
    for (const row of usage) {
      expect(row).toMatchObject({ event_type: 'image', model: 'gpt-image-1', images: 1, image_size: '1024x1024', billable: true, failure: null });
      expect(Number(row.cost_micros)).toBe(IMAGE_COST_MICROS);
    }

    const post = (await stack.api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200)).body;
    const generated = post.images.filter((image: { source: string }) => image.source === 'generated');
    expect(generated).toHaveLength(3);
    for (const image of generated) {
      expect(image.url).toBe(`http://localhost:3000/api/v1/media/${image.media_id}/768.webp`);
      expect(image.variants.map((variant: { name: string }) => variant.name).sort()).toEqual(['320.avif', '320.webp', '768.avif', '768.webp']);
      expect(image).toMatchObject({ width: 768, height: 512 });
      expect(image.stored_bytes).toBeUndefined();
    }
    expect(post.images[3]).toMatchObject({ chapter_index: 3, source: 'none', error: { code: 'images_limit' } });
    expect(post.images[3].url).toBeUndefined();

    // Markdown and HTML carry responsive markup with the alt text; the chapter past the limit has none.
    expect(post.markdown.match(/<picture>/g)).toHaveLength(3);
    expect(post.markdown).toContain(`<source type="image/avif" srcset="${generated[0].variants.find((v: { name: string }) => v.name === '320.avif').url} 320w`);
    expect(post.markdown).toContain(`alt="${generated[0].alt_text.replace(/"/g, '&quot;')}"`);
    expect(post.html.match(/<picture>/g)).toHaveLength(3);
    const webpSource = `srcset="${generated[0].variants.find((v: { name: string }) => v.name === '320.webp').url} 320w, ${generated[0].variants.find((v: { name: string }) => v.name === '768.webp').url} 768w"`;
    expect(post.html).toContain('<source type="image/webp"');
    expect(post.html).toContain(webpSource);
    expect(post.html).not.toContain('</source>');
    for (const attribute of [`src="${generated[0].url}"`, 'width="768"', 'height="512"', 'loading="lazy"', 'decoding="async"']) expect(post.html).toContain(attribute);

    // Each chapter with an image has its heading, then its picture (placement "before"); the conclusion has none.
    const sections = (post.markdown as string).split(/\n## /).slice(1);
    expect(sections).toHaveLength(5);
    sections.slice(0, 3).forEach((section) => expect(section.split('\n\n')[1]).toMatch(/^<figure>\n<picture>/));
    expect(sections[3]).not.toContain('<picture>');
    expect(sections[4]).toMatch(/^Conclusion\n/);

    // The stored variants are real WebP/AVIF files with no EXIF left.
    const media = await sql<{ id: string; generation_key: string; variants: { key: string; format: string }[] }>(
      'select id, generation_key, variants from media where generation_key like ? order by generation_key',
      [`${res.body.job_id}:%`],
    );
    expect(media.map((row) => row.generation_key)).toEqual([`${res.body.job_id}:image_1`, `${res.body.job_id}:image_2`, `${res.body.job_id}:image_3`]);
    const { join } = await import('node:path');
    const storageDir = process.env.STORAGE_DIR!;
    for (const variant of media[0]!.variants) {
      const metadata = await sharp(join(storageDir, variant.key)).metadata();
      expect(metadata.format).toBe(variant.format === 'avif' ? 'heif' : 'webp');
      expect(metadata.exif).toBeUndefined();
    }

    // Served to their owner at their stable URL, and to nobody else.
    const path = new URL(generated[0].url).pathname;
    const served = await stack.api.http.get(path).set(alice.auth).expect(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    await stack.api.http.get(path).set(bob.auth).expect(404);

    // The export's front matter lists the images.
    const exported = await stack.api.http.get(`/api/v1/posts/${job.output.post_id}/export?format=md`).set(alice.auth).expect(200);
    const frontMatter = exported.text.split('\n---\n')[0]!;
    expect(frontMatter).toContain(`media_id: "${generated[0].media_id}"`);
    expect(frontMatter).toContain(`url: "${generated[0].url}"`);
  }, 90_000);

  it('chooses the user’s own matching image, generates for the other chapters and never bills the chosen one', async () => {
    const photo = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#c84' } }).jpeg().toBuffer();
    const mediaId = await upload(alice, photo, 'sourdough-starter-feeding.jpg');
    const sentBefore = fake.requests.length;
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({
        text: SAMPLE,
        options: {
          images: true,
          outline: {
            chapters: [
              { title: 'Feeding a sourdough starter', summary: 'How often and with what flour the starter is fed.' },
              { title: 'Shaping the loaf', summary: 'Tension, folds and the banneton.' },
            ],
          },
        },
      })
      .expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);
    expect(job.output.images).toMatchObject({ planned: 2, chosen: 1, generated: 1, without_image: 0 });
    expect(fake.requests.length - sentBefore).toBe(1);
    const post = (await stack.api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200)).body;
    expect(post.images[0]).toMatchObject({ chapter_index: 0, source: 'chosen', media_id: mediaId, url: `http://localhost:3000/api/v1/media/${mediaId}/768.webp` });
    expect(post.images[1]).toMatchObject({ chapter_index: 1, source: 'generated' });
    expect((await imageUsage(res.body.job_id)).map((row) => row.step_type)).toEqual(['image_2']);
  }, 90_000);

  it('a failed or unusable generation leaves that chapter without an image, says why, and the post still composes', async () => {
    fake.enqueue(
      { type: 'error', status: 400, code: 'content_policy_violation', errorType: 'image_generation_user_error', message: 'Your request was rejected by the safety system.' },
      { type: 'not_an_image' },
    );
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 3, images: true } })
      .expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);
    expect(job.output.images).toMatchObject({
      planned: 3,
      generated: 1,
      without_image: 2,
      problems: [
        { chapter_index: 0, code: 'image_refused' },
        { chapter_index: 1, code: 'image_corrupt' },
      ],
    });
    const usage = await imageUsage(res.body.job_id);
    // The refusal is recorded but not billed; the undecodable answer was a generated image, billed once.
    expect(usage.map((row) => [row.step_type, row.billable, row.failure])).toEqual([
      ['image_1', false, 'refused'],
      ['image_2', true, null],
      ['image_3', true, null],
    ]);
    const post = (await stack.api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200)).body;
    expect(post.markdown.match(/<picture>/g)).toHaveLength(1);
    expect(post.images[0]).toMatchObject({ source: 'none', error: { code: 'image_refused' }, prompt: expect.any(String), alt_text: expect.any(String) });
  }, 90_000);

  it('a worker killed mid-generation: the new worker skips finished images and no image is generated or billed twice', async () => {
    const sentBefore = fake.requests.length;
    // image_1 answers, image_2's request never does (it is in flight when the worker dies).
    fake.enqueue({ type: 'image' }, { type: 'hang' });
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 3, images: true } })
      .expect(202);
    const jobId = res.body.job_id as string;
    await waitFor(() => fake.requests.length - sentBefore >= 2, 30_000, 'the second image request');
    stack.worker.child.kill('SIGKILL');
    await stack.worker.exited;

    await stack.startWorker();
    const job = await stack.job(alice, jobId, 'succeeded', 60_000);
    expect(job.output.images).toMatchObject({ generated: 3, without_image: 0 });

    // image_1 once, image_2 twice (the first request died with the worker, nothing came back), image_3 once.
    expect(fake.requests.length - sentBefore).toBe(4);
    const usage = await imageUsage(jobId);
    expect(usage.map((row) => [row.step_type, row.billable])).toEqual([
      ['image_1', true],
      ['image_2', true],
      ['image_3', true],
    ]);
    const steps = await sql<{ name: string; attempts: number }>("select name, attempts from job_steps where job_id = ? and name ~ '^image_[0-9]+$' order by name", [jobId]);
    expect(steps).toEqual([
      { name: 'image_1', attempts: 1 },
      { name: 'image_2', attempts: 2 },
      { name: 'image_3', attempts: 1 },
    ]);
    const media = await sql<{ n: string }>('select count(*) as n from media where generation_key like ?', [`${jobId}:%`]);
    expect(Number(media[0]!.n)).toBe(3);
  }, 120_000);

  describe('POST /api/v1/steps/images.generate', () => {
    it('chooses the given image, generates the others, and answers inline with Prefer: wait', async () => {
      const mediaId = await upload(alice, await pngOf(640, 480), 'harbour.png');
      const res = await stack.api.http
        .post('/api/v1/steps/images.generate')
        .set(alice.auth)
        .set('Prefer', 'wait=30')
        .send({
          images: [
            { chapter_index: 0, prompt: 'A harbour at dawn', alt_text: 'Boats in a harbour', media_id: mediaId },
            { chapter_index: 2, prompt: 'A lighthouse in fog, no text', alt_text: 'A lighthouse', placement: 'after' },
          ],
        })
        .expect(200);
      expect(res.body.status).toBe('succeeded');
      const [chosen, generated] = res.body.result.images;
      expect(chosen).toMatchObject({ chapter_index: 0, source: 'chosen', media_id: mediaId, placement: 'before' });
      expect(chosen.variants.map((variant: { name: string }) => variant.name).sort()).toEqual(['320.avif', '320.webp']);
      expect(generated).toMatchObject({ chapter_index: 2, source: 'generated', placement: 'after', alt_text: 'A lighthouse' });
      expect(res.body.result.summary).toMatchObject({ planned: 2, chosen: 1, generated: 1 });
      expect((await imageUsage(res.body.job_id)).map((row) => row.step_type)).toEqual(['image_3']);
    }, 60_000);

    it('names the bad field, refuses a repeated chapter, 404s another tenant’s image and 401s without auth', async () => {
      const bad = await stack.api.http
        .post('/api/v1/steps/images.generate')
        .set(alice.auth)
        .send({ images: [{ chapter_index: 0, prompt: 'x' }] })
        .expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('images.0.alt_text');

      const repeated = await stack.api.http
        .post('/api/v1/steps/images.generate')
        .set(alice.auth)
        .send({ images: [0, 0].map((index) => ({ chapter_index: index, prompt: 'p', alt_text: 'a' })) })
        .expect(400);
      expect(repeated.body.errors[0].field).toBe('images');

      const bobsImage = await upload(bob, await pngOf(400, 300), 'bob.png');
      await stack.api.http
        .post('/api/v1/steps/images.generate')
        .set(alice.auth)
        .send({ images: [{ chapter_index: 0, prompt: 'p', alt_text: 'a', media_id: bobsImage }] })
        .expect(404);

      await stack.api.http.post('/api/v1/steps/images.generate').send({ images: [{ chapter_index: 0, prompt: 'p', alt_text: 'a' }] }).expect(401);
    }, 60_000);

    it('answers 402 credits_exhausted before generating when no credits are left, and quotes the images it would generate', async () => {
      const broke = await stack.user();
      const { BillingService } = await import('@app/billing');
      await stack.api.app.get(BillingService, { strict: false }).ensureAccount(broke.user.id);
      await sql("insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref) values (gen_random_uuid(), now(), now(), ?, -1000000, 'test', ?)", [
        broke.user.id,
        `test:${broke.user.id}`,
      ]);
      const sentBefore = fake.requests.length;
      const images = [0, 1].map((index) => ({ chapter_index: index, prompt: 'A lighthouse in fog', alt_text: 'A lighthouse' }));
      const refused = await stack.api.http.post('/api/v1/steps/images.generate').set(broke.auth).send({ images }).expect(402);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/credits_exhausted$/), limit: 'credits' });
      await stack.api.http.post('/api/v1/pipelines/generate_blog').set(broke.auth).send({ text: SAMPLE, options: { images: true } }).expect(402);
      expect(fake.requests.length).toBe(sentBefore);

      const quote = await stack.api.http.post('/api/v1/steps/images.generate').set(broke.auth).send({ images, dry_run: true }).expect(200);
      expect(quote.body.steps).toEqual([expect.objectContaining({ step: 'images.generate', kind: 'image', model: 'gpt-image-1', images: 2, cost_micros: 2 * IMAGE_COST_MICROS })]);
      expect(quote.body.total.cost_micros).toBe(2 * IMAGE_COST_MICROS);
    });
  });
});
