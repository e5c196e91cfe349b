import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';
import { writesAsAsked } from './support/writes-as-asked.js';

/** gpt-4o-mini priced 100× its list price, so a run costs cents and caps in cents bite. */
const PRICES = { 'gpt-4o-mini': { input_per_1m: 15, output_per_1m: 60 } };
const MICROS_PER_CENT = 10_000;

interface UsageRow {
  step_type: string;
  billable: boolean;
  cost_micros: string;
}

describe('money and job control: quotes, caps, cancel', () => {
  const stack = useStack({
    worker: true,
    fakes: { openaiChat: true },
    env: { MODEL_PRICES: JSON.stringify(PRICES), JOB_ATTEMPTS: '1', LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '120000' },
  });
  const { api, sql } = stack;
  const { openaiChat: fake } = stack.fakes;
  let alice: SeededUser;
  let bob: SeededUser;

  const usageOf = (jobId: string) => sql<UsageRow>('select step_type, billable, cost_micros from usage_events where job_id = ? order by created_at', [jobId]);
  const billed = (rows: UsageRow[]) => rows.filter((row) => row.billable).reduce((sum, row) => sum + Number(row.cost_micros), 0);
  const countOf = async (query: string, params: unknown[]) => Number((await sql<{ n: string }>(query, params))[0]!.n);

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  describe('price quote', () => {
    it('prices generate_blog per step before it runs, within ±15% of what the run is then billed, and starts nothing', async () => {
      const user = await stack.user();
      const body = { text: SAMPLE, options: { chapters_count: 3, length: 900, tone: 'friendly' } };
      const quote = await api.http.post('/api/v1/pipelines/generate_blog').set(user.auth).send({ ...body, dry_run: true }).expect(200);
      expect(quote.body).toMatchObject({ dry_run: true, type: 'generate_blog', currency: 'usd', max_cost: null, within_max_cost: null });
      expect(quote.body.steps.map((step: { step: string }) => step.step)).toEqual(['outline', 'seo', 'chapter_1', 'chapter_2', 'chapter_3', 'intro_conclusion']);
      for (const step of quote.body.steps) {
        expect(step).toMatchObject({ kind: 'llm', model: 'gpt-4o-mini', engine: 'openai', calls: 1 });
        expect(step.tokens_in).toBeGreaterThan(0);
        expect(step.cost_micros).toBe(Math.round(step.tokens_in * 15 + step.tokens_out * 60));
      }
      // Each chapter is asked for 300 words: its expected output follows the length option.
      expect(quote.body.steps[2].tokens_out).toBeGreaterThan(400);
      const total = quote.body.steps.reduce((sum: number, step: { cost_micros: number }) => sum + step.cost_micros, 0);
      expect(quote.body.total).toMatchObject({ cost_micros: total, cost: Math.ceil(total / MICROS_PER_CENT) });
      // Prefer: return=estimate is the same quote.
      const preferred = await api.http.post('/api/v1/pipelines/generate_blog').set(user.auth).set('Prefer', 'return=estimate').send(body).expect(200);
      expect(preferred.body.total).toEqual(quote.body.total);
      // No job, no document, no usage, no charge.
      expect(await countOf('select count(*) as n from jobs where user_id = ?', [user.user.id])).toBe(0);
      expect(await countOf('select count(*) as n from documents where user_id = ?', [user.user.id])).toBe(0);
      expect(await countOf('select count(*) as n from usage_events where user_id = ?', [user.user.id])).toBe(0);

      fake.enqueue(...Array.from({ length: 6 }, () => ({ type: 'answer' as const, content: writesAsAsked })));
      const run = await api.http.post('/api/v1/pipelines/generate_blog').set(user.auth).send(body).expect(202);
      const job = await stack.job(user, run.body.job_id, 'succeeded', 60_000);
      const cost = billed(await usageOf(run.body.job_id));
      expect(job.output.cost_micros).toBe(cost);
      const ratio = total / cost;
      process.stdout.write(`quote ${total} µUSD / billed ${cost} µUSD = ${ratio.toFixed(3)}\n`);
      expect(ratio).toBeGreaterThan(0.85);
      expect(ratio).toBeLessThan(1.15);
    }, 90_000);

    it('quotes a model step from the exact prompt it would send (dry_run and Prefer: return=estimate), for a document of the caller’s only', async () => {
      const document = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: SAMPLE }).expect(201);
      const quote = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ document_id: document.body.id, dry_run: true, options: { chapters_count: 3, max_cost: 1 } }).expect(200);
      expect(quote.body.steps).toEqual([expect.objectContaining({ step: 'outline.generate', model: 'gpt-4o-mini', calls: 1 })]);
      expect(quote.body).toMatchObject({ max_cost: 1, within_max_cost: false });
      const byText = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).set('Prefer', 'return=estimate').send({ text: SAMPLE, options: { chapters_count: 3 } }).expect(200);
      // The same prompt whether the text came pasted or from the document.
      expect(byText.body.steps[0].tokens_in).toBe(quote.body.steps[0].tokens_in);
      const seo = await api.http.post('/api/v1/steps/seo.generate').set(alice.auth).send({ text: 'Rivers flood every spring.', dry_run: true }).expect(200);
      expect(seo.body.steps[0]).toMatchObject({ step: 'seo.generate', kind: 'llm' });

      await api.http.post('/api/v1/steps/outline.generate').set(bob.auth).send({ document_id: document.body.id, dry_run: true }).expect(404);
      await api.http.post('/api/v1/pipelines/generate_blog').set(bob.auth).send({ document_id: document.body.id, dry_run: true }).expect(404);
      await api.http.post('/api/v1/steps/outline.generate').send({ text: 'x', dry_run: true }).expect(401);
      const bad = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ text: 'x', dry_run: 'yes' }).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('dry_run');
      const youtube = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ youtube_url: 'https://youtu.be/dQw4w9WgXcQ', dry_run: true }).expect(400);
      expect(youtube.body.errors[0].field).toBe('youtube_url');
      expect(await countOf('select count(*) as n from jobs where user_id = ?', [alice.user.id])).toBe(0);
    });
  });

  describe('spending caps', () => {
    it('options.max_cost stops a run before the call that would pass it; nothing beyond is billed', async () => {
      const user = await stack.user();
      const cap = 12; // cents: the outline fits, the run does not
      const sentBefore = fake.requests.length;
      const res = await api.http
        .post('/api/v1/pipelines/generate_blog')
        .set(user.auth)
        .send({ text: SAMPLE, options: { chapters_count: 3, max_cost: cap } })
        .expect(202);
      const job = await stack.job(user, res.body.job_id, 'failed', 60_000);
      expect(job.error).toMatchObject({ code: 'spending_cap_reached' });
      expect(job.error.message).toMatch(/max_cost of 12/);
      const rows = await usageOf(res.body.job_id);
      expect(rows.map((row) => row.step_type)).toContain('outline');
      expect(billed(rows)).toBeGreaterThan(0);
      expect(billed(rows)).toBeLessThanOrEqual(cap * MICROS_PER_CENT);
      expect(fake.requests.length - sentBefore).toBeLessThan(5);
      // The cap lives on the job, never in a prompt.
      expect(JSON.stringify(job.input)).not.toContain('max_cost');
      for (const request of fake.requests.slice(sentBefore)) expect(JSON.stringify(request.messages)).not.toContain('max_cost');
    }, 90_000);

    it('a cap below the first call’s cost makes no model call at all', async () => {
      const sentBefore = fake.requests.length;
      const res = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ text: SAMPLE, options: { max_cost: 1 } }).expect(202);
      const job = await stack.job(alice, res.body.job_id, 'failed');
      expect(job.error.code).toBe('spending_cap_reached');
      expect(fake.requests.length).toBe(sentBefore);
      expect(await usageOf(res.body.job_id)).toEqual([]);
      expect(job.job_id).toBe(job.id);
    });

    it('the monthly cap (PATCH /me, cents) refuses new paid jobs with a 402 naming it once this month reached it', async () => {
      const user = await stack.user();
      const me = await api.http.get('/api/v1/me').set(user.auth).expect(200);
      expect(me.body.billing).toEqual({ currency: 'usd', monthly_cap: null });
      const run = await api.http.post('/api/v1/steps/seo.generate').set(user.auth).send({ text: SAMPLE }).expect(202);
      await stack.job(user, run.body.job_id, 'succeeded');
      const spent = billed(await usageOf(run.body.job_id));
      expect(spent).toBeGreaterThan(0);

      const patched = await api.http.patch('/api/v1/me').set(user.auth).send({ billing: { monthly_cap: 1 } }).expect(200);
      expect(patched.body.billing).toEqual({ currency: 'usd', monthly_cap: 1 });
      const refused = await api.http.post('/api/v1/steps/seo.generate').set(user.auth).send({ text: SAMPLE }).expect(402);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/spending_cap_reached$/), limit: 'monthly_cap', cap_micros: MICROS_PER_CENT });
      await api.http.post('/api/v1/pipelines/generate_blog').set(user.auth).send({ text: SAMPLE }).expect(402);
      // A quote is never refused: it costs nothing.
      await api.http.post('/api/v1/steps/seo.generate').set(user.auth).send({ text: SAMPLE, dry_run: true }).expect(200);

      // Raised above this month's spend: allowed again, and a run stops before passing it.
      const cents = Math.ceil(spent / MICROS_PER_CENT) + 1;
      await api.http.patch('/api/v1/me').set(user.auth).send({ billing: { monthly_cap: cents } }).expect(200);
      const next = await api.http.post('/api/v1/pipelines/generate_blog').set(user.auth).send({ text: SAMPLE, options: { chapters_count: 3 } }).expect(202);
      const stopped = await stack.job(user, next.body.job_id, 'failed', 60_000);
      expect(stopped.error).toMatchObject({ code: 'spending_cap_reached' });
      const month = await sql<{ billed: string }>("select coalesce(sum(cost_micros), 0) as billed from usage_events where user_id = ? and billable", [user.user.id]);
      expect(Number(month[0]!.billed)).toBeLessThanOrEqual(cents * MICROS_PER_CENT);

      await api.http.patch('/api/v1/me').set(user.auth).send({ billing: { monthly_cap: null } }).expect(200);
      expect((await api.http.get('/api/v1/me').set(user.auth).expect(200)).body.billing.monthly_cap).toBeNull();
    }, 90_000);

    it.each([
      [{ billing: { monthly_cap: 0 } }, 'billing.monthly_cap'],
      [{ billing: { monthly_cap: 'ten' } }, 'billing.monthly_cap'],
      [{ billing: null }, 'billing'],
      [{ billing: { other: 1 } }, 'billing.other'],
    ])('PATCH /me answers 400 naming the field for %j', async (body, field) => {
      const res = await api.http.patch('/api/v1/me').set(alice.auth).send(body).expect(400);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('PATCH /me billing settings need billing:write (403) and authentication (401); max_cost must be a positive whole number (400)', async () => {
      const readOnly = await stack.user(['billing:read']);
      await api.http.patch('/api/v1/me').set(readOnly.auth).send({ billing: { monthly_cap: 5 } }).expect(403);
      await api.http.patch('/api/v1/me').send({ billing: { monthly_cap: 5 } }).expect(401);
      for (const maxCost of [0, 1.5, '3', null]) {
        const res = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: 'x', options: { max_cost: maxCost } }).expect(400);
        expect(res.body.errors.map((error: { field: string }) => error.field)).toContain('options.max_cost');
      }
    });
  });

  describe('cancel stops spending at once', () => {
    it('a cancel during a hanging model call ends the job within a second, aborts the call and bills nothing more', async () => {
      const sentBefore = fake.requests.length;
      fake.enqueue({ type: 'hang' });
      const res = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { chapters_count: 2 } }).expect(202);
      const jobId = res.body.job_id as string;
      await waitFor(() => fake.requests.length > sentBefore, 15_000, 'the outline call');
      await new Promise((resolve) => setTimeout(resolve, 300)); // the call is in flight, and hangs
      const canceledAt = Date.now();
      await api.http.post(`/api/v1/jobs/${jobId}/cancel`).set(alice.auth).expect(202);
      await waitFor(async () => (await sql<{ status: string }>('select status from jobs where id = ?', [jobId]))[0]!.status === 'canceled', 5_000, 'the job to end canceled');
      const took = Date.now() - canceledAt;
      process.stdout.write(`canceled a hanging call in ${took} ms\n`);
      expect(took).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await usageOf(jobId)).toEqual([]);
      expect(fake.requests.length - sentBefore).toBe(1);
      const job = (await api.http.get(`/api/v1/jobs/${jobId}`).set(alice.auth).expect(200)).body;
      expect(job).toMatchObject({ id: jobId, job_id: jobId, status: 'canceled' });
    }, 60_000);
  });

  describe('idempotency store', () => {
    it('keeps no document text after a Prefer: wait answer, and a replay re-reads the result from the job', async () => {
      const marker = 'Zanzibarian-marker-7741';
      const text = `${marker} rivers flood their plains every spring. ${SAMPLE.slice(0, 2000)}`;
      const first = await api.http
        .post('/api/v1/steps/outline.generate')
        .set(alice.auth)
        .set('Idempotency-Key', 'wait-no-text')
        .set('Prefer', 'wait=30')
        .send({ text })
        .expect(200);
      expect(first.body.status).toBe('succeeded');
      const rows = await sql<Record<string, unknown>>('select * from step_invocations where user_id = ? and idempotency_key = ?', [alice.user.id, 'wait-no-text']);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.response_body).toEqual({ job_id: first.body.job_id });
      expect(JSON.stringify(rows[0])).not.toContain(marker);
      expect(JSON.stringify(rows[0])).not.toContain('rivers flood');
      const replay = await api.http
        .post('/api/v1/steps/outline.generate')
        .set(alice.auth)
        .set('Idempotency-Key', 'wait-no-text')
        .set('Prefer', 'wait=30')
        .send({ text })
        .expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
    }, 60_000);
  });
});
