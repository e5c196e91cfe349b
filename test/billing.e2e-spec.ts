import Stripe from 'stripe';
import { creditPackSession, invoice, proSubscription, stripeEvent, type StripeEventFixture } from './fixtures/stripe-objects.js';
import type { SeedUsageEvent } from './support/usage-events.js';
import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

const SECRET_KEY = 'sk_test_scriptorium';
const WEBHOOK_SECRET = 'whsec_scriptorium_test';
const FREE = 1_000_000;
const PACK = 10_000_000;
const INCLUDED = 20_000_000;

type StripeObject = Record<string, unknown>;
interface TestEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string;
  livemode: boolean;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: StripeObject };
}

const helper = new Stripe(SECRET_KEY);

const event = (id: string, type: string, created: number, object: StripeObject): TestEvent => ({
  id,
  object: 'event',
  type,
  created,
  api_version: '2026-10-28.endive',
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  data: { object },
});

/** A whole subscription's life, as Stripe would send it, for one user and customer. */
function lifecycle(tag: string, userId: string, customer: string, t0: number): TestEvent[] {
  const sub = `sub_${tag}`;
  const p1 = t0 + 30 * 86_400;
  const p2 = t0 + 60 * 86_400;
  const subscription = (status: string, periodEnd: number) => ({
    id: sub,
    object: 'subscription',
    customer,
    status,
    metadata: { user_id: userId },
    items: { object: 'list', data: [{ id: `si_${tag}`, object: 'subscription_item', current_period_end: periodEnd }] },
  });
  const invoice = (id: string, reason: string) => ({
    id,
    object: 'invoice',
    customer,
    billing_reason: reason,
    parent: { type: 'subscription_details', subscription_details: { subscription: sub, metadata: { user_id: userId } } },
  });
  return [
    event(`evt_${tag}_1`, 'checkout.session.completed', t0 + 1, {
      id: `cs_test_pack_${tag}`,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      customer,
      client_reference_id: userId,
      metadata: { user_id: userId, credit_pack: 'standard' },
    }),
    event(`evt_${tag}_2`, 'checkout.session.completed', t0 + 2, {
      id: `cs_test_sub_${tag}`,
      object: 'checkout.session',
      mode: 'subscription',
      payment_status: 'paid',
      customer,
      subscription: sub,
      client_reference_id: userId,
      metadata: { user_id: userId, plan: 'pro' },
    }),
    event(`evt_${tag}_3`, 'customer.subscription.created', t0 + 3, subscription('incomplete', p1)),
    event(`evt_${tag}_4`, 'customer.subscription.updated', t0 + 4, subscription('active', p1)),
    event(`evt_${tag}_5`, 'invoice.paid', t0 + 5, invoice(`in_${tag}_1`, 'subscription_create')),
    event(`evt_${tag}_6`, 'invoice.payment_failed', t0 + 6, invoice(`in_${tag}_2`, 'subscription_cycle')),
    event(`evt_${tag}_7`, 'customer.subscription.updated', t0 + 7, subscription('active', p2)),
    event(`evt_${tag}_8`, 'invoice.paid', t0 + 8, invoice(`in_${tag}_2`, 'subscription_cycle')),
  ];
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('billing: Stripe checkout, portal, GET /billing and webhooks', () => {
  const stack = useStack({
    fakes: { stripe: { secretKey: SECRET_KEY } },
    env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PRICE_SUBSCRIPTION: 'price_pro_monthly', STRIPE_PRICE_CREDIT_PACK: 'price_pack_standard' },
  });
  const { api } = stack;
  const { stripe } = stack.fakes;
  let alice: SeededUser;
  let bob: SeededUser;
  let carol: SeededUser;
  let readOnly: SeededUser;
  let seedUsage: (event: SeedUsageEvent) => Promise<boolean>;

  beforeAll(async () => {
    const { usageSeeder } = await import('./support/usage-events.js');
    alice = await stack.user();
    bob = await stack.user();
    carol = await stack.user();
    readOnly = await stack.user(['billing:read']);
    seedUsage = usageSeeder(api.app);
  });

  const signed = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    helper.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });

  const deliver = async (evt: TestEvent | StripeEventFixture, expected = 200) => {
    const payload = JSON.stringify(evt);
    return api.http
      .post('/api/v1/billing/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signed(payload))
      .send(payload)
      .expect(expected);
  };

  const state = async (user: SeededUser) => (await api.http.get('/api/v1/billing').set(user.auth).expect(200)).body;

  const customerOf = (user: SeededUser) =>
    [...stripe.customers.values()].find((customer) => (customer.metadata as Record<string, string>).user_id === user.user.id)?.id as string;

  it('GET /billing: a new account starts on the free plan with the sign-up credits and this month\'s usage', async () => {
    const now = new Date();
    await seedUsage({ userId: bob.user.id, stepType: 'outline.generate', eventType: 'llm', model: 'gpt-4o-mini', engine: 'openai', tokensIn: 1000, tokensOut: 500, billable: false, at: now });
    const body = await state(bob);
    const month = now.toISOString().slice(0, 7);
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    expect(body).toEqual({
      plan: 'free',
      status: 'none',
      current_period_end: null,
      credits_balance_micros: FREE,
      period: { from: `${month}-01`, to: last, cost_micros: 450, events: 1 },
    });
    // The sign-up grant happens once.
    expect((await state(bob)).credits_balance_micros).toBe(FREE);
    await api.http.get('/api/v1/billing').set(readOnly.auth).expect(200);
  });

  it('checkout: creates the Stripe customer once, lazily, and answers the Checkout URL', async () => {
    const before = stripe.requests.filter((r) => r.path === '/v1/customers').length;
    const sub = await api.http.post('/api/v1/billing/checkout').set(alice.auth).send({ plan: 'pro' }).expect(200);
    expect(sub.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const pack = await api.http.post('/api/v1/billing/checkout').set(alice.auth).send({ credit_pack: 'standard' }).expect(200);
    expect(pack.body.url).toMatch(/cs_test_/);
    expect(stripe.requests.filter((r) => r.path === '/v1/customers').length).toBe(before + 1);
    const customer = customerOf(alice);
    expect(customer).toMatch(/^cus_/);

    const sessions = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').slice(-2);
    expect(sessions[0]!.body).toMatchObject({
      customer,
      mode: 'subscription',
      client_reference_id: alice.user.id,
      line_items: { 0: { price: 'price_pro_monthly', quantity: '1' } },
      metadata: { user_id: alice.user.id, plan: 'pro' },
    });
    expect(String(sessions[0]!.body.success_url)).toMatch(/^http:\/\/localhost:3000\/billing/);
    expect(sessions[1]!.body).toMatchObject({ customer, mode: 'payment', metadata: { credit_pack: 'standard' }, line_items: { 0: { price: 'price_pack_standard' } } });
    expect(stripe.requests.at(-1)!.headers['stripe-version']).toBe('2026-10-28.endive');
  });

  it('portal: 409 before any customer, then the portal URL', async () => {
    const res = await api.http.post('/api/v1/billing/portal').set(bob.auth).expect(409);
    expect(res.body.detail).toMatch(/checkout/);
    const portal = await api.http.post('/api/v1/billing/portal').set(alice.auth).expect(200);
    expect(portal.body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/bps_/);
    expect(stripe.requests.at(-1)!.body).toMatchObject({ customer: customerOf(alice) });
  });

  it('applies every handled event, in order', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const events = lifecycle('alice', alice.user.id, customerOf(alice), t0);
    const [pack, subCheckout, created, active, paid, failed, renewed, paidAgain] = events;
    expect((await deliver(pack!)).body).toEqual({ received: true, applied: true });
    expect((await state(alice)).credits_balance_micros).toBe(FREE + PACK);
    await deliver(subCheckout!);
    await deliver(created!);
    expect(await state(alice)).toMatchObject({ plan: 'free', status: 'incomplete' });
    await deliver(active!);
    expect(await state(alice)).toMatchObject({ plan: 'pro', status: 'active', current_period_end: new Date((t0 + 30 * 86_400) * 1000).toISOString() });
    await deliver(paid!);
    expect((await state(alice)).credits_balance_micros).toBe(FREE + PACK + INCLUDED);
    await deliver(failed!);
    expect(await state(alice)).toMatchObject({ plan: 'pro', status: 'past_due' });
    await deliver(renewed!);
    await deliver(paidAgain!);
    const final = await state(alice);
    expect(final).toMatchObject({ plan: 'pro', status: 'active', current_period_end: new Date((t0 + 60 * 86_400) * 1000).toISOString(), credits_balance_micros: FREE + PACK + 2 * INCLUDED });

    // The deletion ends the plan; an older update arriving after it changes nothing.
    const deleted = event('evt_alice_9', 'customer.subscription.deleted', t0 + 9, {
      ...(renewed!.data.object as StripeObject),
      status: 'canceled',
    });
    await deliver(deleted);
    const stale = event('evt_alice_late', 'customer.subscription.updated', t0 + 5, renewed!.data.object);
    expect((await deliver(stale)).body).toEqual({ received: true, applied: false, reason: 'stale' });
    expect(await state(alice)).toMatchObject({ plan: 'free', status: 'canceled', credits_balance_micros: FREE + PACK + 2 * INCLUDED });

    // Every event again: already processed, nothing changes.
    for (const evt of [...events, deleted]) expect((await deliver(evt)).body).toEqual({ received: true, applied: false, reason: 'duplicate' });
    expect(await state(alice)).toMatchObject({ plan: 'free', status: 'canceled', credits_balance_micros: FREE + PACK + 2 * INCLUDED });
  });

  it('replaying all events twice in shuffled order leaves the same state as in order', async () => {
    await api.http.post('/api/v1/billing/checkout').set(carol.auth).send({ plan: 'pro' }).expect(200);
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const inOrder = lifecycle('carol', carol.user.id, customerOf(carol), t0);
    for (const evt of shuffle([...inOrder, ...inOrder])) await deliver(evt);
    const body = await state(carol);
    expect(body).toMatchObject({
      plan: 'pro',
      status: 'active',
      current_period_end: new Date((t0 + 60 * 86_400) * 1000).toISOString(),
      credits_balance_micros: FREE + PACK + 2 * INCLUDED,
    });
  });

  it('accepts events for a user whose customer it has not seen yet (linked by client_reference_id)', async () => {
    const dave = await stack.user();
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const events = lifecycle('dave', dave.user.id, 'cus_unseen_dave', t0);
    for (const evt of shuffle(events)) await deliver(evt);
    expect(await state(dave)).toMatchObject({ plan: 'pro', status: 'active', credits_balance_micros: FREE + PACK + 2 * INCLUDED });
  });

  it('marks the account past due for a failed renewal only, never for a failed one-off invoice', async () => {
    const erin = await stack.user();
    const customer = 'cus_test_erin';
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const sub = { id: 'sub_test_erin', userId: erin.user.id };
    const active = stripeEvent('evt_erin_1', 'customer.subscription.created', t0 + 1, proSubscription(sub.id, customer, erin.user.id, 'active', t0, t0 + 30 * 86_400));
    expect((await deliver(active)).body).toEqual({ received: true, applied: true });
    expect(await state(erin)).toMatchObject({ plan: 'pro', status: 'active' });

    const oneOff = stripeEvent('evt_erin_2', 'invoice.payment_failed', t0 + 2, invoice('in_test_erin_manual', customer, 'manual', 'open', t0 + 2));
    expect((await deliver(oneOff)).body).toEqual({ received: true, applied: false, reason: 'not_a_renewal' });
    expect(await state(erin)).toMatchObject({ plan: 'pro', status: 'active' });
    const firstInvoice = stripeEvent('evt_erin_3', 'invoice.payment_failed', t0 + 3, invoice('in_test_erin_create', customer, 'subscription_create', 'open', t0 + 3, sub));
    expect((await deliver(firstInvoice)).body).toMatchObject({ applied: false, reason: 'not_a_renewal' });

    const renewal = stripeEvent('evt_erin_4', 'invoice.payment_failed', t0 + 4, invoice('in_test_erin_cycle', customer, 'subscription_cycle', 'open', t0 + 4, sub));
    expect((await deliver(renewal)).body).toEqual({ received: true, applied: true });
    expect(await state(erin)).toMatchObject({ plan: 'pro', status: 'past_due' });
  });

  it('grants a credit pack paid by a delayed method only once its async payment succeeds, once, and never for a failed one', async () => {
    const frank = await stack.user();
    const customer = 'cus_test_frank';
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const before = (await state(frank)).credits_balance_micros;
    const pending = stripeEvent('evt_frank_1', 'checkout.session.completed', t0 + 1, creditPackSession('cs_test_frank_1', customer, frank.user.id, 'unpaid', t0));
    expect((await deliver(pending)).body).toEqual({ received: true, applied: false, reason: 'not_paid' });
    expect((await state(frank)).credits_balance_micros).toBe(before);

    const settled = stripeEvent('evt_frank_2', 'checkout.session.async_payment_succeeded', t0 + 2, creditPackSession('cs_test_frank_1', customer, frank.user.id, 'paid', t0));
    expect((await deliver(settled)).body).toEqual({ received: true, applied: true });
    expect((await state(frank)).credits_balance_micros).toBe(before + PACK);
    // Stripe may send a second event about the same session: the pack is granted once per session.
    const again = stripeEvent('evt_frank_3', 'checkout.session.async_payment_succeeded', t0 + 3, creditPackSession('cs_test_frank_1', customer, frank.user.id, 'paid', t0));
    expect((await deliver(again)).body).toEqual({ received: true, applied: false, reason: 'already_applied' });

    const bounced = stripeEvent('evt_frank_4', 'checkout.session.async_payment_failed', t0 + 4, creditPackSession('cs_test_frank_2', customer, frank.user.id, 'unpaid', t0 + 4));
    expect((await deliver(bounced)).body).toEqual({ received: true, applied: false, reason: 'payment_failed' });
    expect((await state(frank)).credits_balance_micros).toBe(before + PACK);
  });

  it('answers applied: false for an event type it does not handle and for an event about no known customer', async () => {
    const t0 = Math.floor(Date.now() / 1000);
    const ignored = stripeEvent('evt_ignored_1', 'customer.created', t0, { id: 'cus_test_other', object: 'customer', created: t0, livemode: false, metadata: {} });
    expect((await deliver(ignored)).body).toEqual({ received: true, applied: false, reason: 'ignored_type' });
    const stranger = stripeEvent('evt_stranger_1', 'invoice.paid', t0, invoice('in_test_stranger', 'cus_test_nobody', 'subscription_cycle', 'paid', t0));
    expect((await deliver(stranger)).body).toEqual({ received: true, applied: false, reason: 'unknown_customer' });
  });

  it('rejects a bad signature, a stale timestamp and a missing header with 400', async () => {
    const evt = event('evt_forged', 'checkout.session.completed', Math.floor(Date.now() / 1000), {
      id: 'cs_test_forged',
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      client_reference_id: bob.user.id,
      metadata: { credit_pack: 'standard' },
    });
    const payload = JSON.stringify(evt);
    const post = () => api.http.post('/api/v1/billing/webhook').set('Content-Type', 'application/json');
    const bad = await post().set('Stripe-Signature', signed(payload, { secret: 'whsec_wrong' })).send(payload).expect(400);
    expect(bad.body.detail).toMatch(/signature/i);
    const stale = Math.floor(Date.now() / 1000) - 301;
    await post().set('Stripe-Signature', signed(payload, { timestamp: stale })).send(payload).expect(400);
    await post().send(payload).expect(400);
    // A body changed after signing.
    await post().set('Stripe-Signature', signed(payload)).send(payload.replace('standard', 'standarx')).expect(400);
    expect((await state(bob)).credits_balance_micros).toBe(FREE);
  });

  it('needs authentication (401) and the billing:write scope (403) on the authed endpoints', async () => {
    await api.http.get('/api/v1/billing').expect(401);
    await api.http.post('/api/v1/billing/checkout').send({ plan: 'pro' }).expect(401);
    await api.http.post('/api/v1/billing/portal').expect(401);
    await api.http.post('/api/v1/billing/checkout').set(readOnly.auth).send({ plan: 'pro' }).expect(403);
  });

  it.each([
    [{}, 'plan'],
    [{ plan: 'pro', credit_pack: 'standard' }, 'credit_pack'],
    [{ plan: 'gold' }, 'plan'],
    [{ credit_pack: 'huge' }, 'credit_pack'],
    [{ plan: 'pro', coupon: 'x' }, 'coupon'],
  ])('checkout answers 400 naming the field for %j', async (body, field) => {
    const res = await api.http.post('/api/v1/billing/checkout').set(bob.auth).send(body).expect(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('another user never sees these numbers', async () => {
    const body = await state(bob);
    expect(body).toMatchObject({ plan: 'free', status: 'none', current_period_end: null, credits_balance_micros: FREE });
    expect(body.period.events).toBe(1);
  });
});
