import { randomUUID } from 'node:crypto';
import type { BillingService, CreditLedgerService, MeterReporter } from '@app/billing';
import type { SeedUsageEvent } from './support/usage-events.js';
import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('credits: usage debits, 402 credits_exhausted, Stripe meter reporting', () => {
  const stack = useStack({
    // The meter reporter sends every tenant's usage: other suites' reporters must not take ours.
    ownDatabase: true,
    fakes: { stripeMeter: { delayMs: 2, secretKey: 'sk_test_fake' } },
    env: {
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'x',
      OPENAI_BASE_URL: 'http://127.0.0.1:9', // never called: the 402 comes first, and no worker runs here
      METER_RETRY_BASE_MS: '2000',
    },
  });
  const { api, sql } = stack;
  const { stripeMeter: fake } = stack.fakes;
  const seed = () => stack.user();
  /** Longer than the first retry's backoff (METER_RETRY_BASE_MS). */
  const backoff = () => new Promise((resolve) => setTimeout(resolve, 2_200));
  let seedUsage: (event: SeedUsageEvent) => Promise<boolean>;
  let ledger: CreditLedgerService;
  let reporter: MeterReporter;
  let billingService: BillingService;

  const usage = (user: SeededUser, extra: Partial<SeedUsageEvent> = {}) =>
    seedUsage({
      userId: user.user.id,
      stepType: 'outline.generate',
      eventType: 'llm',
      model: 'gpt-4o-mini',
      engine: 'openai',
      tokensIn: 1000,
      tokensOut: 500, // 0.15 × 1000 + 0.6 × 500 = 450 micros
      billable: true,
      ...extra,
    });
  const eventIds = (user: SeededUser) =>
    sql<{ id: string }>('select id from usage_events where user_id = ? order by created_at', [user.user.id]).then((rows) => rows.map((r) => r.id));
  /** Brings the balance to exactly `micros` (after the sign-up credits) with one ledger row written directly. */
  const setBalance = async (user: SeededUser, micros: number) => {
    await billingService.ensureAccount(user.user.id);
    const delta = micros - (await ledger.balance(user.user.id));
    if (delta !== 0) {
      await sql('insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref) values (?, now(), now(), ?, ?, ?, ?)', [
        randomUUID(), user.user.id, delta, 'test', `test:${randomUUID()}`,
      ]);
    }
  };
  const account = async (user: SeededUser, status: string, customer: string | null = null) => {
    await billingService.ensureAccount(user.user.id);
    await sql('update billing_accounts set stripe_customer_id = ?, plan = ?, status = ? where user_id = ?', [
      customer, status === 'none' ? 'free' : 'pro', status, user.user.id,
    ]);
  };

  beforeAll(async () => {
    const billing = await import('@app/billing');
    seedUsage = (await import('./support/usage-events.js')).usageSeeder(api.app);
    ledger = api.app.get(billing.CreditLedgerService, { strict: false });
    reporter = api.app.get(billing.MeterReporter, { strict: false });
    billingService = api.app.get(billing.BillingService, { strict: false });
  });

  it('debits the ledger with each new billable, costed usage event, in the same statement', async () => {
    const user = await seed();
    const before = await ledger.balance(user.user.id);
    expect(await usage(user, { dedupKey: 'credits-debit-1' })).toBe(true);
    expect(await usage(user, { dedupKey: 'credits-debit-1' })).toBe(false); // a retried write: no second debit
    await usage(user, { billable: false, failure: 'invalid_json' }); // not billable
    await usage(user, { model: 'extractive-v1', engine: 'extractive' }); // costs 0
    const [billed] = await sql<{ id: string }>("select id from usage_events where dedup_key = 'credits-debit-1'");
    const rows = await sql<{ delta_micros: string; reason: string; ref: string }>(
      "select delta_micros, reason, ref from credit_ledger where user_id = ? and reason = 'usage'",
      [user.user.id],
    );
    expect(rows).toEqual([{ delta_micros: '-450', reason: 'usage', ref: `usage:${billed.id}` }]);
    expect(await ledger.balance(user.user.id)).toBe(before - 450);
  });

  it('answers 402 credits_exhausted, naming the top-up, when the balance is ≤ 0 and there is no subscription', async () => {
    const user = await seed();
    await setBalance(user, -450); // a started run may leave it briefly negative
    for (const [path, body] of [
      ['/api/v1/steps/outline.generate', { text: 'A text to outline.' }],
      ['/api/v1/steps/seo.generate', { text: 'A text.' }],
      ['/api/v1/pipelines/generate_blog', { text: 'A text to write about.' }],
    ] as const) {
      const res = await api.http.post(path).set(user.auth).send(body).expect(402);
      expect(res.body).toMatchObject({ status: 402, type: expect.stringMatching(/credits_exhausted$/) });
      expect(res.body.detail).toContain('POST /api/v1/billing/checkout');
      expect(res.body.detail).toMatch(/credit_pack/);
      expect(res.body.detail).toMatch(/plan/);
    }
    await setBalance(user, 0);
    await api.http.post('/api/v1/steps/outline.generate').set(user.auth).send({ text: 'A text.' }).expect(402);
    expect(await sql('select id from documents where user_id = ?', [user.user.id])).toEqual([]); // a 402 wrote nothing
    // Captions cost nothing: transcript.fetch is not a model-spending job.
    await api.http.post('/api/v1/steps/transcript.fetch').set(user.auth).send({ video_id: 'dQw4w9WgXcQ' }).expect(202);
    expect(Number((await sql<{ n: string }>('select count(*) as n from jobs where user_id = ?', [user.user.id]))[0].n)).toBe(1);
  });

  it('is not 402 for a new user (sign-up credits), after a grant, nor with an active or trialing subscription', async () => {
    const newcomer = await seed();
    await api.http.post('/api/v1/steps/outline.generate').set(newcomer.auth).send({ text: 'A text.' }).expect(202);
    expect(await ledger.balance(newcomer.user.id)).toBeGreaterThan(0);

    const granted = await seed();
    await setBalance(granted, 0);
    expect(await ledger.grant(granted.user.id, 5_000_000, 'checkout', `checkout:${randomUUID()}`)).toBe(true);
    await api.http.post('/api/v1/steps/outline.generate').set(granted.auth).send({ text: 'A text.' }).expect(202);
    // A post needs a source of some length (422 source_too_short otherwise), so this one is long enough.
    await api.http.post('/api/v1/pipelines/generate_blog').set(granted.auth).send({ text: Array.from({ length: 8 }, (_, i) => `Section ${i + 1} of this text says one more thing about bread and its crust.`).join(' ') }).expect(202);

    for (const status of ['active', 'trialing']) {
      const subscribed = await seed();
      await setBalance(subscribed, -1);
      await account(subscribed, status);
      await api.http.post('/api/v1/steps/outline.generate').set(subscribed.auth).send({ text: 'A text.' }).expect(202);
    }
    const pastDue = await seed();
    await setBalance(pastDue, 0);
    await account(pastDue, 'past_due');
    await api.http.post('/api/v1/steps/outline.generate').set(pastDue.auth).send({ text: 'A text.' }).expect(402);
  });

  it('reports each billable event once across two concurrent reporters and a Stripe 500, marking only what Stripe accepted', async () => {
    const users = [await seed(), await seed()];
    await account(users[0], 'active', `cus_${randomUUID().slice(0, 8)}`);
    await account(users[1], 'none', `cus_${randomUUID().slice(0, 8)}`);
    const noCustomer = await seed();
    const at = new Date('2026-11-20T10:00:00.000Z');
    for (let i = 0; i < 160; i += 1) await usage(users[i % 2], { at: new Date(at.getTime() + i * 1000), tokensIn: 1000 + i });
    await usage(users[0], { billable: false, failure: 'http_429' });
    await usage(users[0], { model: 'extractive-v1', engine: 'extractive' });
    await usage(noCustomer);
    const ours = new Set([...(await eventIds(users[0])), ...(await eventIds(users[1]))]);
    const billable = await sql<{ id: string; cost_micros: string; created_at: Date; user_id: string }>(
      'select id, cost_micros, created_at, user_id from usage_events where user_id in (?, ?) and billable and cost_micros > 0',
      [users[0].user.id, users[1].user.id],
    );
    expect(billable).toHaveLength(160);

    fake.failNext(1, 30); // a 500 in the middle of the first run
    const first = await Promise.all([reporter.reportOnce(), reporter.reportOnce()]);
    expect(first.every((r) => r.sent > 0)).toBe(true); // both took rows: SKIP LOCKED split the work
    const failedRequests = fake.requests.filter((r) => !r.accepted && ours.has(r.identifier));
    expect(failedRequests).toHaveLength(1);
    const acceptedFirst = fake.accepted().filter((id) => ours.has(id));
    expect(new Set(acceptedFirst).size).toBe(acceptedFirst.length);
    expect(first.reduce((n, r) => n + r.failed, 0)).toBeGreaterThanOrEqual(1);

    // Only what Stripe accepted is marked (the failed event may already have been retried by the
    // other reporter's next batch, once its lock was released).
    const reported = await sql<{ id: string }>('select id from usage_events where reported_at is not null and user_id in (?, ?)', [
      users[0].user.id, users[1].user.id,
    ]);
    expect(new Set(reported.map((r) => r.id))).toEqual(new Set(acceptedFirst));

    await backoff(); // a failed event is due again after its backoff
    await reporter.reportOnce(); // the next run retries
    const accepted = fake.accepted().filter((id) => ours.has(id));
    expect(accepted).toHaveLength(160);
    expect(new Set(accepted)).toEqual(new Set(billable.map((e) => e.id)));
    const unreported = await sql<{ id: string; user_id: string; billable: boolean }>(
      'select id, user_id, billable from usage_events where reported_at is null and user_id in (?, ?, ?)',
      [users[0].user.id, users[1].user.id, noCustomer.user.id],
    );
    expect(unreported).toHaveLength(3); // not billable, costs 0, no Stripe customer
    expect(fake.requests.some((r) => unreported.some((u) => u.id === r.identifier))).toBe(false);

    // What was sent: the meter's event name, the customer, a whole-number value, the event's own time.
    const customers = new Map((await sql<{ user_id: string; stripe_customer_id: string }>('select user_id, stripe_customer_id from billing_accounts where user_id in (?, ?)', [
      users[0].user.id, users[1].user.id,
    ])).map((r) => [r.user_id, r.stripe_customer_id]));
    for (const event of billable) {
      const sent = fake.requests.find((r) => r.accepted && r.identifier === event.id)!;
      expect(sent).toMatchObject({
        event_name: 'scriptorium_usage',
        timestamp: Math.floor(new Date(event.created_at).getTime() / 1000),
        payload: { stripe_customer_id: customers.get(event.user_id), value: String(Number(event.cost_micros)) },
      });
      expect(sent.payload.value).toMatch(/^\d+$/);
    }
    expect(fake.requests[0].authorization).toBe('Bearer sk_test_fake');

    const again = await reporter.reportOnce(); // nothing left of ours to send
    expect(fake.accepted().filter((id) => ours.has(id))).toHaveLength(160);
    expect(again.failed).toBe(0);

    // One reporter alone: the event Stripe failed stays unreported until the next run sends it.
    for (let i = 0; i < 5; i += 1) await usage(users[1], { tokensIn: 2000 + i });
    const fresh = (await eventIds(users[1])).filter((id) => !ours.has(id));
    expect(fresh).toHaveLength(5);
    fake.failNext(1, 2);
    expect(await reporter.reportOnce()).toEqual({ sent: 4, failed: 1, retryAt: expect.any(Date) });
    const failed = fake.requests.filter((r) => !r.accepted).at(-1)!.identifier;
    expect(fresh).toContain(failed);
    const left = await sql<{ id: string }>('select id from usage_events where reported_at is null and billable and user_id = ?', [users[1].user.id]);
    expect(left.map((r) => r.id)).toEqual([failed]);
    expect(await reporter.reportOnce()).toEqual({ sent: 0, failed: 0 }); // not due before its backoff
    await backoff();
    expect(await reporter.reportOnce()).toEqual({ sent: 1, failed: 0 });
    expect(fake.accepted().filter((id) => id === failed)).toHaveLength(1);
    expect(fake.accepted().filter((id) => fresh.includes(id))).toHaveLength(5);
  });
});
