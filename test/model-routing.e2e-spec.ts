import { FakeOpenAiChat, type FakeChatRequest } from './fakes/openai-chat.fake.js';
import { FakeOpenAiImages } from './fakes/openai-images.fake.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { useStack } from './support/use-stack.js';

/**
 * Per-step model routing against three OpenAI-compatible fakes with different prices: `cheap` and
 * `dear` (MODEL_PROVIDERS) and one standing in for Workers AI (the preset from CLOUDFLARE_*).
 */
const cheap = new FakeOpenAiChat({ apiKey: 'sk-cheap' });
const dear = new FakeOpenAiChat({ apiKey: 'sk-dear' });
const ACCOUNT = 'acc-123';
const workers = new FakeOpenAiChat({ apiKey: 'cf-token', basePath: `/client/v4/accounts/${ACCOUNT}/ai/v1` });
const WORKERS_MODEL = '@cf/meta/llama-3.1-8b-instruct';
/** Two image providers: image generation routes to `pics`, falling back to `picsb`. */
const pics = new FakeOpenAiImages({ apiKey: 'sk-pics' });
const picsb = new FakeOpenAiImages({ apiKey: 'sk-picsb' });
const IMAGE_PRICES = { pics: 0.01, picsb: 0.02 } as const;

const PRICES = {
  cheap: { input_per_1m: 1, output_per_1m: 2 },
  dear: { input_per_1m: 10, output_per_1m: 20 },
  'workers-ai': { input_per_1m: 3, output_per_1m: 4 },
} as const;

interface Row {
  step_type: string;
  event_type: string;
  images: number;
  provider: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  cost_micros: string;
  billable: boolean;
}

const schemaOf = (request: FakeChatRequest) => request.response_format?.json_schema?.name;

describe('model routing', () => {
  beforeAll(async () => {
    await Promise.all([cheap.start(), dear.start(), workers.start(), pics.start(), picsb.start()]);
  });
  afterAll(async () => {
    await Promise.all([cheap.close(), dear.close(), workers.close(), pics.close(), picsb.close()]);
  });

  const stack = useStack({
    worker: true,
    env: () => ({
      JOB_ATTEMPTS: '1',
      LLM_PROVIDER: '',
      OPENAI_API_KEY: '',
      MODEL_PROVIDERS: JSON.stringify({
        cheap: { base_url: cheap.url, api_key: 'sk-cheap', max_retries: 0, prices: { 'm-cheap': PRICES.cheap } },
        dear: { base_url: dear.url, api_key: 'sk-dear', max_retries: 1, prices: { 'm-dear': PRICES.dear } },
        'workers-ai': { max_retries: 0, prices: { [WORKERS_MODEL]: PRICES['workers-ai'] } },
        pics: { base_url: pics.url, api_key: 'sk-pics', max_retries: 0, prices: { 'gpt-image-1': { per_image: IMAGE_PRICES.pics } } },
        picsb: { base_url: picsb.url, api_key: 'sk-picsb', max_retries: 0, prices: { 'gpt-image-1': { per_image: IMAGE_PRICES.picsb } } },
      }),
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      CLOUDFLARE_API_TOKEN: 'cf-token',
      CLOUDFLARE_API_BASE_URL: `${workers.origin}/client/v4`,
      MODEL_ROUTES: `outline=dear:m-dear|cheap:m-cheap,chapters=cheap:m-cheap,seo=workers-ai:${WORKERS_MODEL},images_plan=cheap:m-cheap,images=pics:gpt-image-1|picsb:gpt-image-1`,
      MODEL_ALLOW_LIST: `cheap:*,dear:m-dear,workers-ai:${WORKERS_MODEL},pics:gpt-image-1,picsb:gpt-image-1`,
      MODEL_FALLBACK: 'true',
    }),
  });

  const rows = (jobId: string) =>
    stack.sql<Row>('select step_type, event_type, images, provider, model, tokens_in, tokens_out, cost_micros, billable from usage_events where job_id = ? order by created_at', [jobId]);
  const since = () => ({ cheap: cheap.requests.length, dear: dear.requests.length, workers: workers.requests.length, pics: pics.requests.length, picsb: picsb.requests.length });
  const sentSince = (mark: ReturnType<typeof since>) => ({
    cheap: cheap.requests.slice(mark.cheap),
    dear: dear.requests.slice(mark.dear),
    workers: workers.requests.slice(mark.workers),
    pics: pics.requests.slice(mark.pics),
    picsb: picsb.requests.slice(mark.picsb),
  });
  const priced = (row: Row) => {
    if (row.event_type === 'image') return row.images * IMAGE_PRICES[row.provider as keyof typeof IMAGE_PRICES] * 1_000_000;
    const price = PRICES[row.provider as keyof typeof PRICES];
    return row.tokens_in * price.input_per_1m + row.tokens_out * price.output_per_1m;
  };

  it('sends each step to its configured provider and bills each call at that provider’s prices', async () => {
    const alice = await stack.user();
    const mark = since();
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 2, images: true } })
      .expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 90_000);
    const sent = sentSince(mark);

    expect(sent.dear.map(schemaOf)).toEqual(['outline']);
    expect(sent.dear[0]!.model).toBe('m-dear');
    expect(sent.cheap.map(schemaOf).sort()).toEqual(['chapter_draft', 'chapter_draft', 'image_plan', 'intro_conclusion'].sort());
    for (const request of sent.cheap) expect(request.model).toBe('m-cheap');
    // Workers AI: the preset's URL (the request reached the account's path) and its token as Bearer.
    expect(sent.workers.map(schemaOf)).toEqual(['seo']);
    expect(sent.workers[0]!.model).toBe(WORKERS_MODEL);
    expect(sent.workers[0]!.headers.authorization).toBe('Bearer cf-token');
    // Image generation: its route's provider, with that provider's key.
    expect(sent.pics).toHaveLength(2);
    for (const request of sent.pics) expect(request).toMatchObject({ model: 'gpt-image-1', headers: expect.objectContaining({ authorization: 'Bearer sk-pics' }) });
    expect(sent.picsb).toEqual([]);

    const usage = await rows(res.body.job_id);
    const byStep = Object.fromEntries(usage.map((row) => [row.step_type, row]));
    expect(byStep.outline).toMatchObject({ provider: 'dear', model: 'm-dear', billable: true });
    expect(byStep.seo).toMatchObject({ provider: 'workers-ai', model: WORKERS_MODEL });
    expect(byStep.chapter_1).toMatchObject({ provider: 'cheap', model: 'm-cheap' });
    expect(byStep.images_plan).toMatchObject({ provider: 'cheap', model: 'm-cheap' });
    expect(byStep.image_1).toMatchObject({ provider: 'pics', model: 'gpt-image-1', event_type: 'image', billable: true, cost_micros: '10000' });
    for (const row of usage) expect(Number(row.cost_micros)).toBe(priced(row));
    expect(job.output.cost_micros).toBe(usage.reduce((sum, row) => sum + Number(row.cost_micros), 0));

    // The job shows each model step's routes and who served it.
    const steps = Object.fromEntries((job.steps as { name: string; routing?: unknown }[]).map((step) => [step.name, step.routing]));
    expect(steps.outline).toEqual({ routes: ['dear:m-dear', 'cheap:m-cheap'], served_by: ['dear:m-dear'] });
    expect(steps.seo).toEqual({ routes: [`workers-ai:${WORKERS_MODEL}`], served_by: [`workers-ai:${WORKERS_MODEL}`] });
    expect(steps.chapter_2).toEqual({ routes: ['cheap:m-cheap'], served_by: ['cheap:m-cheap'] });
    expect(steps.image_2).toEqual({ routes: ['pics:gpt-image-1', 'picsb:gpt-image-1'], served_by: ['pics:gpt-image-1'] });
    expect(steps.persist).toBeUndefined();

    // usage by provider: one group per provider, costs as the events say.
    const report = await stack.api.http.get('/api/v1/usage').query({ group_by: 'provider' }).set(alice.auth).expect(200);
    const groups = Object.fromEntries((report.body.groups as { key: string; cost_micros: number; events: number }[]).map((group) => [group.key, group]));
    expect(Object.keys(groups).sort()).toEqual(['cheap', 'dear', 'pics', 'workers-ai']);
    for (const provider of ['cheap', 'dear', 'pics', 'workers-ai']) {
      const own = usage.filter((row) => row.provider === provider);
      expect(groups[provider]).toMatchObject({ events: own.length, cost_micros: own.reduce((sum, row) => sum + Number(row.cost_micros), 0) });
    }
    const events = await stack.api.http.get('/api/v1/usage/events').query({ job_id: res.body.job_id }).set(alice.auth).expect(200);
    expect(new Set(events.body.items.map((event: { provider: string }) => event.provider))).toEqual(new Set(['cheap', 'dear', 'pics', 'workers-ai']));
  });

  it('generates an image on the next image route when the first provider fails for good', async () => {
    const alice = await stack.user();
    pics.enqueue({ type: 'error', status: 503 }, { type: 'error', status: 503 });
    const mark = since();
    const res = await stack.api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { chapters_count: 2, images: true } }).expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 90_000);
    const sent = sentSince(mark);
    expect(sent.pics).toHaveLength(2);
    expect(sent.picsb).toHaveLength(2);
    for (const request of sent.picsb) expect(request.headers.authorization).toBe('Bearer sk-picsb');
    expect(job.output.images).toMatchObject({ generated: 2, problems: [] });
    const images = (await rows(res.body.job_id)).filter((row) => row.event_type === 'image');
    expect(images.filter((row) => row.billable).map((row) => [row.step_type, row.provider, row.cost_micros]).sort()).toEqual([
      ['image_1', 'picsb', '20000'],
      ['image_2', 'picsb', '20000'],
    ]);
    expect(images.filter((row) => !row.billable).map((row) => row.provider)).toEqual(['pics', 'pics']);
  });

  it('falls back to the next route when the first provider keeps failing with 5xx past its retries', async () => {
    const alice = await stack.user();
    // dear has max_retries 1: two 503s and it gives up for good.
    dear.enqueue({ type: 'server_error', status: 503 }, { type: 'server_error', status: 503 });
    const mark = since();
    const res = await stack.api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { chapters_count: 2 } }).expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 90_000);
    const sent = sentSince(mark);

    expect(sent.dear.map(schemaOf)).toEqual(['outline', 'outline']);
    expect(sent.cheap.filter((request) => schemaOf(request) === 'outline')).toHaveLength(1);
    const outline = (await rows(res.body.job_id)).filter((row) => row.step_type === 'outline');
    expect(outline).toEqual([expect.objectContaining({ provider: 'cheap', model: 'm-cheap', billable: true })]);
    expect(Number(outline[0]!.cost_micros)).toBe(priced(outline[0]!));
    const step = (job.steps as { name: string; routing?: unknown }[]).find((candidate) => candidate.name === 'outline');
    expect(step!.routing).toEqual({ routes: ['dear:m-dear', 'cheap:m-cheap'], served_by: ['cheap:m-cheap'] });
  });

  it('keeps an account’s own routes (PUT /api/v1/me/model-routes) and runs its jobs on them', async () => {
    const alice = await stack.user();
    const before = await stack.api.http.get('/api/v1/me/model-routes').set(alice.auth).expect(200);
    expect(before.body).toMatchObject({ routes: {}, default_model: 'extractive:extractive-v1', fallback: true });
    expect(before.body.effective.outline).toEqual(['dear:m-dear', 'cheap:m-cheap']);
    expect(before.body.allowed).toEqual(['cheap:*', 'dear:m-dear', `workers-ai:${WORKERS_MODEL}`, 'pics:gpt-image-1', 'picsb:gpt-image-1']);

    const put = await stack.api.http
      .put('/api/v1/me/model-routes')
      .set(alice.auth)
      .send({ routes: { outline: ['cheap:m-cheap'], seo: ['dear:m-dear'] } })
      .expect(200);
    expect(put.body.routes).toEqual({ outline: ['cheap:m-cheap'], seo: ['dear:m-dear'] });
    expect(put.body.effective).toMatchObject({ outline: ['cheap:m-cheap'], seo: ['dear:m-dear'], chapters: ['cheap:m-cheap'] });

    const mark = since();
    const res = await stack.api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { chapters_count: 2 } }).expect(202);
    await stack.job(alice, res.body.job_id, 'succeeded', 90_000);
    const sent = sentSince(mark);
    expect(sent.dear.map(schemaOf)).toEqual(['seo']);
    expect(sent.workers).toEqual([]);
    expect(sent.cheap.map(schemaOf)).toContain('outline');

    // Another account is untouched.
    const bob = await stack.user();
    expect((await stack.api.http.get('/api/v1/me/model-routes').set(bob.auth).expect(200)).body.routes).toEqual({});

    // {} removes them.
    expect((await stack.api.http.put('/api/v1/me/model-routes').set(alice.auth).send({ routes: {} }).expect(200)).body.routes).toEqual({});
  });

  it('refuses account routes outside the allow-list (422) and malformed ones (400), and needs auth and scopes', async () => {
    const alice = await stack.user();
    const outside = await stack.api.http.put('/api/v1/me/model-routes').set(alice.auth).send({ routes: { outline: ['dear:gpt-5'] } }).expect(422);
    expect(outside.body).toMatchObject({ type: expect.stringMatching(/model_not_allowed$/), field: 'routes.outline' });
    expect(outside.body.detail).toContain("'dear:gpt-5'");
    await stack.api.http.put('/api/v1/me/model-routes').set(alice.auth).send({ routes: { outline: ['unknown:x'] } }).expect(422);
    for (const body of [
      { routes: { outline: ['no-colon'] } },
      { routes: { outline: 'cheap:m-cheap' } },
      { routes: { poetry: ['cheap:m-cheap'] } },
      { routes: { outline: null } },
      { routes: null },
      {},
      { routes: {}, extra: 1 },
      { routes: { outline: [] } },
    ]) {
      const res = await stack.api.http.put('/api/v1/me/model-routes').set(alice.auth).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    await stack.api.http.get('/api/v1/me/model-routes').expect(401);
    await stack.api.http.put('/api/v1/me/model-routes').send({ routes: {} }).expect(401);
    const reader = await stack.user(['billing:read']);
    await stack.api.http.put('/api/v1/me/model-routes').set(reader.auth).send({ routes: {} }).expect(403);
  });

  it('takes a request’s options.models within the allow-list, and answers 422 model_not_allowed naming the field otherwise', async () => {
    const alice = await stack.user();
    const mark = since();
    const res = await stack.api.http
      .post('/api/v1/steps/outline.generate')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { models: { outline: 'cheap:m-other' } } })
      .expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);
    const sent = sentSince(mark);
    expect(sent.cheap.map((request) => [schemaOf(request), request.model])).toEqual([['outline', 'm-other']]);
    expect(sent.dear).toEqual([]);
    // The choice is the job's routing, never part of a step's input.
    expect(job.input.options).toBeUndefined();
    expect(job.input.model_routes.outline).toEqual(['cheap:m-other', 'dear:m-dear', 'cheap:m-cheap']);
    expect((await rows(res.body.job_id))[0]).toMatchObject({ provider: 'cheap', model: 'm-other', cost_micros: '0' });

    const refused = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { models: { outline: 'dear:gpt-5' } } })
      .expect(422);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/model_not_allowed$/), field: 'options.models.outline' });
    for (const models of [{ outline: 'gpt-5' }, { poetry: 'cheap:m-cheap' }, { outline: null }, { outline: 3 }, 'cheap:m-cheap']) {
      const bad = await stack.api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { models } });
      expect({ models, status: bad.status }).toEqual({ models, status: 400 });
    }
  });

  it('needs credits for routed steps although the default engine is the free extractive one (402)', async () => {
    const broke = await stack.user();
    const billing = await import('@app/billing');
    await stack.api.app.get(billing.BillingService, { strict: false }).ensureAccount(broke.user.id);
    const balance = await stack.api.app.get(billing.CreditLedgerService, { strict: false }).balance(broke.user.id);
    await stack.sql("insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref) values (gen_random_uuid(), now(), now(), ?, ?, 'test', ?)", [
      broke.user.id,
      -balance,
      `test:${broke.user.id}`,
    ]);
    const res = await stack.api.http.post('/api/v1/pipelines/generate_blog').set(broke.auth).send({ text: SAMPLE }).expect(402);
    expect(res.body.type).toMatch(/credits_exhausted$/);
  });

  it('quotes each step at the provider that would serve it', async () => {
    const alice = await stack.user();
    const quote = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, dry_run: true, options: { chapters_count: 2, models: { seo: 'dear:m-dear' } } })
      .expect(200);
    const steps = Object.fromEntries((quote.body.steps as { step: string; provider: string; model: string; tokens_in: number; tokens_out: number; cost_micros: number }[]).map((step) => [step.step, step]));
    expect(steps.outline).toMatchObject({ provider: 'dear', model: 'm-dear' });
    expect(steps.seo).toMatchObject({ provider: 'dear', model: 'm-dear' });
    expect(steps.chapter_1).toMatchObject({ provider: 'cheap', model: 'm-cheap' });
    for (const step of Object.values(steps)) {
      const price = PRICES[step.provider as keyof typeof PRICES];
      expect(step.cost_micros).toBe(step.tokens_in * price.input_per_1m + step.tokens_out * price.output_per_1m);
    }
  });

  it('lets a routed model write in a language the default extractive engine cannot', async () => {
    const alice = await stack.user();
    const res = await stack.api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { chapters_count: 2, language: 'German' } }).expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 90_000);
    expect(job.output).toMatchObject({ engine: 'openai', language: 'de' });
  });
});
