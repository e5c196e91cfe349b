import { readFileSync } from 'node:fs';
import type { SeededUser } from './accounts.js';
import { waitFor } from './processes.js';
import { useStack } from './use-stack.js';

const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');

/**
 * Every step endpoint, through a real worker, with one engine: the offline extractive engine
 * (the default without a key) or an OpenAI-compatible model (a local fake speaking the real
 * chat-completions protocol). One test file per engine, since configuration is read at import.
 */
export function describeStepEndpoints(engine: 'extractive' | 'openai'): void {
describe(`AI step endpoints with the ${engine} engine`, () => {
  const stack = useStack<{ openaiChat?: true }>({
    worker: true,
    fakes: engine === 'openai' ? { openaiChat: true } : {},
    env: { JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '50', ...(engine === 'openai' ? {} : { LLM_PROVIDER: '', OPENAI_API_KEY: '' }) },
  });
  const { api } = stack;
  const { openaiChat: fake } = stack.fakes;
  let alice: SeededUser;
  let bob: SeededUser;
  const usageRows = (jobId: string) =>
    stack.sql<{ step_type: string; engine: string; tokens_in: number; tokens_out: number; billable: boolean; cost_micros: string }>(
      'select step_type, engine, tokens_in, tokens_out, billable, cost_micros from usage_events where job_id = ? order by created_at',
      [jobId],
    );
  const persistEvents = (userId: string) =>
    stack.sql("select step_type, event_type, billable, cost_micros, dedup_key from usage_events where user_id = ? and event_type = 'persist'", [userId]);

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  it('outline.generate: 200 with the outline when Prefer: wait is met, exactly one usage event', async () => {
    const res = await api.http
      .post('/api/v1/steps/outline.generate')
      .set(alice.auth)
      .set('Prefer', 'wait=30')
      .send({ text: SAMPLE, options: { chapters_count: 4, tone: 'friendly' } })
      .expect(200);
    expect(res.headers['preference-applied']).toBe('wait=30');
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result.outline.chapters).toHaveLength(4);
    for (const chapter of res.body.result.outline.chapters) expect(chapter.title.length).toBeGreaterThan(0);

    const usage = await usageRows(res.body.job_id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ step_type: 'outline.generate', engine, billable: true });
    expect(usage[0]!.tokens_in).toBeGreaterThan(0);
    if (engine === 'openai') {
      expect(Number(usage[0]!.cost_micros)).toBeGreaterThan(0);
      const sent = fake!.requests.at(-1)!;
      expect(sent.response_format?.type).toBe('json_schema');
    } else {
      expect(Number(usage[0]!.cost_micros)).toBe(0);
    }
  });

  it('answers 202 with the job envelope without Prefer, and the result lands on GET /jobs/{id}', async () => {
    const res = await api.http.post('/api/v1/steps/seo.generate').set(alice.auth).send({ text: SAMPLE }).expect(202);
    expect(res.body).toMatchObject({ type: 'step_seo', status: 'queued' });
    const job = await waitFor(async () => {
      const detail = await api.http.get(`/api/v1/jobs/${res.body.job_id}`).set(alice.auth);
      return detail.body.status === 'succeeded' ? detail.body : undefined;
    });
    const seo = job.output;
    expect(seo.title.length).toBeLessThanOrEqual(60);
    expect(seo.description.length).toBeLessThanOrEqual(160);
    expect(seo.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(seo.keywords.length).toBeGreaterThanOrEqual(5);
    expect(seo.keywords.length).toBeLessThanOrEqual(10);
    expect(job.steps).toEqual([expect.objectContaining({ name: 'seo.generate', status: 'succeeded' })]);
  });

  it('reads a document of the caller’s by document_id, and answers 404 for another user’s', async () => {
    const doc = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: SAMPLE }).expect(201);
    const res = await api.http
      .post('/api/v1/steps/chapters.organize')
      .set(alice.auth)
      .set('Prefer', 'wait=30')
      .send({ document_id: doc.body.id, chapters_count: 3 })
      .expect(200);
    expect(res.body.result.chapters).toHaveLength(3);
    await api.http.post('/api/v1/steps/chapters.organize').set(bob.auth).send({ document_id: doc.body.id }).expect(404);
  });

  it('runs images.plan and blog.compose end to end', async () => {
    const plan = await api.http
      .post('/api/v1/steps/images.plan')
      .set(alice.auth)
      .set('Prefer', 'wait=30')
      .send({ chapters: [{ title: 'Feeding the starter', summary: 'Flour and water daily' }, { title: 'Shaping', summary: 'Tension' }] })
      .expect(200);
    expect(plan.body.result.images.length).toBeGreaterThan(0);

    const outline = { title: 'Sourdough at home', chapters: [{ title: 'The starter', summary: 'Feeding it', key_points: ['flour'] }, { title: 'Baking', summary: 'Heat', key_points: ['oven'] }] };
    const post = await api.http
      .post('/api/v1/steps/blog.compose')
      .set(alice.auth)
      .set('Prefer', 'wait=45')
      .send({ outline, text: SAMPLE, length: 400 })
      .expect(200);
    expect(post.body.status).toBe('succeeded');
    // Two chapters and the conclusion.
    const headings = (post.body.result.markdown as string).match(/^## /gm) ?? [];
    expect(headings).toHaveLength(3);
    expect(post.body.result.citations.paragraphs.length).toBeGreaterThan(0);
    expect(post.body.result.html).not.toMatch(/<script/i);
  });

  it('answers 400 naming the field for bad input', async () => {
    const none = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({}).expect(400);
    expect(none.body.errors[0].field).toBe('text');
    const both = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ text: 'x', document_id: '7f1c1f39-2a41-4a55-8f43-0bb3f9f0a111' }).expect(400);
    expect(both.body.errors[0].field).toBe('document_id');
    const count = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ text: 'x', options: { chapters_count: 50 } }).expect(400);
    expect(count.body.errors[0].field).toBe('options.chapters_count');
    const long = await api.http.post('/api/v1/steps/seo.generate').set(alice.auth).send({ text: 'x'.repeat(400_001) }).expect(400);
    expect(long.body.errors[0].field).toBe('text');
    await api.http.post('/api/v1/steps/blog.compose').set(alice.auth).send({ text: 'x' }).expect(400);
    const tone = await api.http.post('/api/v1/steps/blog.compose').set(alice.auth).send({ outline: { title: 't', chapters: [{ title: 'c' }] }, tone: 'x'.repeat(61) }).expect(400);
    expect(tone.body.errors[0].field).toBe('tone');
  });

  it('answers 401 without credentials and 403 without jobs:write', async () => {
    await api.http.post('/api/v1/steps/outline.generate').send({ text: 'x' }).expect(401);
    const reader = await stack.user(['jobs:read']);
    const res = await api.http.post('/api/v1/steps/outline.generate').set(reader.auth).send({ text: 'x' }).expect(403);
    expect(res.body.required_scope).toBe('jobs:write');
  });

  it('document.persist writes at a known version and answers 412 for a stale one', async () => {
    const doc = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'first' }).expect(201);
    const ok = await api.http.post('/api/v1/steps/document.persist').set(alice.auth).send({ document_id: doc.body.id, fields: { text: 'second' }, version: 1 }).expect(200);
    expect(ok.body).toEqual({ document_id: doc.body.id, version: 2 });
    await api.http.post('/api/v1/steps/document.persist').set(alice.auth).send({ document_id: doc.body.id, fields: { text: 'third' }, version: 1 }).expect(412);
    await api.http.post('/api/v1/steps/document.persist').set(bob.auth).send({ document_id: doc.body.id, fields: { text: 'x' }, version: 2 }).expect(404);
    const events = await persistEvents(alice.user.id);
    expect(events).toEqual([{ step_type: 'document.persist', event_type: 'persist', billable: false, cost_micros: '0', dedup_key: `persist:${doc.body.id}:2` }]);
  });

  it('replays a Prefer: wait launch from its job: the same job and result, nothing run twice', async () => {
    const send = () =>
      api.http.post('/api/v1/steps/seo.generate').set(alice.auth).set('Idempotency-Key', `seo-${engine}`).set('Prefer', 'wait=30').send({ text: SAMPLE });
    const first = await send().expect(200);
    const replay = await send().expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await usageRows(first.body.job_id)).toHaveLength(1);
  });

  if (engine === 'openai') {
    it('repairs an invalid answer once: two usage events, only the used one billable', async () => {
      fake!.enqueue({ type: 'invalid_json', usage: { prompt_tokens: 50, completion_tokens: 7 } });
      const res = await api.http.post('/api/v1/steps/seo.generate').set(alice.auth).set('Prefer', 'wait=30').send({ text: SAMPLE }).expect(200);
      expect(res.body.status).toBe('succeeded');
      const usage = await usageRows(res.body.job_id);
      expect(usage.map((row) => row.billable)).toEqual([false, true]);
      expect(usage[0]).toMatchObject({ tokens_in: 50, tokens_out: 7 });
    });
  }
});
}
