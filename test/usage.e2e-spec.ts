import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { SeedUsageEvent } from './support/usage-events.js';
import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI as its own process, against this run's database. */
function cli(...args: string[]): Promise<Cli> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/node', ['dist/apps/cli/src/main.js', ...args], { env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('usage: daily aggregates, the usage API and usage:reconcile', () => {
  const stack = useStack();
  const { api, sql } = stack;
  let alice: SeededUser;
  let bob: SeededUser;
  let noScope: SeededUser;
  let seedUsage: (event: SeedUsageEvent) => Promise<boolean>;
  const aliceJob = randomUUID();

  const record = (user: SeededUser, at: string | Date, model: string, stepType: string, tokensIn: number, tokensOut: number, extra: Partial<SeedUsageEvent> = {}) =>
    seedUsage({
      userId: user.user.id,
      stepType,
      eventType: 'llm',
      model,
      engine: model === 'extractive-v1' ? 'extractive' : 'openai',
      tokensIn,
      tokensOut,
      latencyMs: 12,
      billable: true,
      at: new Date(at),
      ...extra,
    });

  beforeAll(async () => {
    const { usageSeeder } = await import('./support/usage-events.js');
    alice = await stack.user();
    bob = await stack.user();
    noScope = await stack.user(['jobs:read', 'documents:read']);
    seedUsage = usageSeeder(api.app);

    // gpt-4o-mini costs 0.15 / 0.60 USD per 1M tokens in / out: 1 token in = 0.15 micros, out = 0.6.
    await record(alice, '2026-02-28T23:59:59.999Z', 'gpt-4o-mini', 'outline.generate', 7, 7); // before March
    await record(alice, '2026-03-01T00:00:00.000Z', 'gpt-4o-mini', 'outline.generate', 1000, 500, { jobId: aliceJob }); // 450
    await record(alice, '2026-03-01T12:00:00.000Z', 'extractive-v1', 'outline.generate', 200, 100, { jobId: aliceJob }); // 0
    await record(alice, '2026-03-31T23:59:59.999Z', 'gpt-4o-mini', 'seo.generate', 2000, 1000); // 900
    await record(alice, '2026-04-01T00:00:00.000Z', 'gpt-4o-mini', 'seo.generate', 10, 10); // after March
    await record(bob, '2026-03-01T08:00:00.000Z', 'gpt-4o-mini', 'outline.generate', 99_999, 99_999);
    await record(bob, '2026-03-15T08:00:00.000Z', 'gpt-4o', 'chapters.organize', 1, 1);
  });

  const march = (groupBy: string, user = alice) =>
    api.http.get(`/api/v1/usage?from=2026-03-01&to=2026-03-31&group_by=${groupBy}`).set(user.auth).expect(200);

  it('groups by day from usage_daily, UTC day boundaries included, with exact sums', async () => {
    const res = await march('day');
    expect(res.body).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      group_by: 'day',
      totals: { tokens_in: 3200, tokens_out: 1600, cost_micros: 1350, events: 3 },
      groups: [
        { key: '2026-03-01', tokens_in: 1200, tokens_out: 600, cost_micros: 450, events: 2 },
        { key: '2026-03-31', tokens_in: 2000, tokens_out: 1000, cost_micros: 900, events: 1 },
      ],
    });
  });

  it('groups by model and by step', async () => {
    expect((await march('model')).body.groups).toEqual([
      { key: 'extractive-v1', tokens_in: 200, tokens_out: 100, cost_micros: 0, events: 1 },
      { key: 'gpt-4o-mini', tokens_in: 3000, tokens_out: 1500, cost_micros: 1350, events: 2 },
    ]);
    const step = (await march('step')).body;
    expect(step.groups).toEqual([
      { key: 'outline.generate', tokens_in: 1200, tokens_out: 600, cost_micros: 450, events: 2 },
      { key: 'seo.generate', tokens_in: 2000, tokens_out: 1000, cost_micros: 900, events: 1 },
    ]);
    expect(step.totals).toEqual({ tokens_in: 3200, tokens_out: 1600, cost_micros: 1350, events: 3 });
    // One day: the step grouping (from events) agrees with the day grouping (from usage_daily).
    const day = await api.http.get('/api/v1/usage?from=2026-03-31&to=2026-03-31&group_by=step').set(alice.auth).expect(200);
    expect(day.body.totals).toEqual({ tokens_in: 2000, tokens_out: 1000, cost_micros: 900, events: 1 });
  });

  it('defaults to the current UTC month grouped by day', async () => {
    const carol = await stack.user();
    const now = new Date();
    await record(carol, now, 'gpt-4o-mini', 'outline.generate', 100, 100);
    const res = await api.http.get('/api/v1/usage').set(carol.auth).expect(200);
    const month = now.toISOString().slice(0, 7);
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    expect(res.body).toMatchObject({ from: `${month}-01`, to: last, group_by: 'day' });
    expect(res.body.groups).toEqual([{ key: now.toISOString().slice(0, 10), tokens_in: 100, tokens_out: 100, cost_micros: 75, events: 1 }]);
  });

  it.each([
    ['from=2026-13-01', 'from'],
    ['from=2026-02-30', 'from'],
    ['from=March', 'from'],
    ['to=2026-03-01T00:00:00Z', 'to'],
    ['from=2026-03-02&to=2026-03-01', 'to'],
    ['from=2025-01-01&to=2026-01-02', 'to'],
    ['group_by=week', 'group_by'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await api.http.get(`/api/v1/usage?${query}`).set(alice.auth).expect(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('accepts a span of exactly 366 days', async () => {
    await api.http.get('/api/v1/usage?from=2025-03-31&to=2026-03-31').set(alice.auth).expect(200);
  });

  it('needs authentication (401) and the usage:read scope (403)', async () => {
    await api.http.get('/api/v1/usage').expect(401);
    await api.http.get('/api/v1/usage/events').expect(401);
    const res = await api.http.get('/api/v1/usage').set(noScope.auth).expect(403);
    expect(JSON.stringify(res.body)).toContain('usage:read');
    await api.http.get('/api/v1/usage/events').set(noScope.auth).expect(403);
  });

  it('shows each user only their own numbers and events', async () => {
    const bobs = await march('model', bob);
    expect(bobs.body.groups).toEqual([
      { key: 'gpt-4o', tokens_in: 1, tokens_out: 1, cost_micros: 13, events: 1 },
      { key: 'gpt-4o-mini', tokens_in: 99_999, tokens_out: 99_999, cost_micros: 74_999, events: 1 },
    ]);
    const aliceEvents = (await api.http.get('/api/v1/usage/events?limit=100').set(alice.auth).expect(200)).body.items;
    const bobEvents = (await api.http.get('/api/v1/usage/events?limit=100').set(bob.auth).expect(200)).body.items;
    expect(aliceEvents).toHaveLength(5);
    expect(bobEvents).toHaveLength(2);
    const aliceIds = new Set(aliceEvents.map((event: { id: string }) => event.id));
    expect(bobEvents.some((event: { id: string }) => aliceIds.has(event.id))).toBe(false);
    // Bob filtering by Alice's job sees nothing.
    const other = await api.http.get(`/api/v1/usage/events?job_id=${aliceJob}`).set(bob.auth).expect(200);
    expect(other.body).toEqual({ items: [], next_cursor: null });
  });

  it('pages events newest first with a cursor, and filters by job', async () => {
    const seen: { id: string; created_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await api.http.get(`/api/v1/usage/events${query}`).set(alice.auth).expect(200);
      seen.push(...res.body.items);
      cursor = res.body.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((event) => event.created_at)).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-03-31T23:59:59.999Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
      '2026-02-28T23:59:59.999Z',
    ]);
    expect(new Set(seen.map((event) => event.id)).size).toBe(5);
    expect(seen[1]).toMatchObject({
      job_id: null,
      step_type: 'seo.generate',
      event_type: 'llm',
      model: 'gpt-4o-mini',
      engine: 'openai',
      tokens_in: 2000,
      tokens_out: 1000,
      latency_ms: 12,
      cost_micros: 900,
      billable: true,
    });
    const byJob = await api.http.get(`/api/v1/usage/events?job_id=${aliceJob}`).set(alice.auth).expect(200);
    expect(byJob.body.items.map((event: { model: string }) => event.model)).toEqual(['extractive-v1', 'gpt-4o-mini']);
    await api.http.get('/api/v1/usage/events?job_id=nope').set(alice.auth).expect(400);
    await api.http.get('/api/v1/usage/events?cursor=garbage').set(alice.auth).expect(400);
  });

  it('a duplicate dedup_key adds no event and leaves usage_daily unchanged', async () => {
    const dave = await stack.user();
    const dedupKey = `dup-${randomUUID()}`;
    const daily = () => sql('select day::text, model, tokens_in, tokens_out, cost_micros, events from usage_daily where user_id = ?', [dave.user.id]);
    const events = async () => Number((await sql<{ n: string }>('select count(*) as n from usage_events where user_id = ?', [dave.user.id]))[0]!.n);

    expect(await record(dave, '2026-03-05T10:00:00Z', 'gpt-4o-mini', 'outline.generate', 1000, 1000, { dedupKey })).toBe(true);
    const before = await daily();
    expect(before).toEqual([{ day: '2026-03-05', model: 'gpt-4o-mini', tokens_in: '1000', tokens_out: '1000', cost_micros: '750', events: 1 }]);
    expect(await record(dave, '2026-03-05T11:00:00Z', 'gpt-4o-mini', 'outline.generate', 5000, 5000, { dedupKey })).toBe(false);
    expect(await events()).toBe(1);
    expect(await daily()).toEqual(before);
  });

  it('usage:reconcile finds usage_daily equal to usage_events, reports a corrupted row and --fix repairs it', async () => {
    const ok = await cli('usage:reconcile');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^usage_daily matches usage_events \(\d+ rows\)\n$/);

    await sql(`update usage_daily set tokens_in = tokens_in + 1, events = events + 5 where user_id = ? and day = '2026-03-01' and model = 'gpt-4o-mini'`, [alice.user.id]);
    await sql(`delete from usage_daily where user_id = ? and day = '2026-03-15'`, [bob.user.id]);
    const bad = await cli('usage:reconcile');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`mismatch user=${alice.user.id} day=2026-03-01 model=gpt-4o-mini: usage_daily tokens_in=1001`);
    expect(bad.stdout).toContain(`mismatch user=${bob.user.id} day=2026-03-15 model=gpt-4o: usage_daily no row`);
    expect(bad.stderr).toContain('2 of');
    expect((await march('day')).body.totals.events).toBe(8); // the API reads the (corrupted) aggregate

    const fixed = await cli('usage:reconcile', '--fix');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('rebuilt 2 usage_daily row(s)');
    expect((await cli('usage:reconcile')).code).toBe(0);
    expect((await march('day')).body.totals).toEqual({ tokens_in: 3200, tokens_out: 1600, cost_micros: 1350, events: 3 });
    expect((await march('model', bob)).body.totals.events).toBe(2);
  }, 60_000);
});
