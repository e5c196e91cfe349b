import Stripe from 'stripe';
import { creditPackSession, invoice, proSubscription, stripeEvent, type StripeEventFixture } from '../fixtures/stripe-objects.js';
import { call, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, type ApiProcess, type ChaosUser } from './harness.js';
import { Figures } from './report.js';
import type { ChaosSize } from './sizes.js';

const DAY = 86_400;

/**
 * Every kind of event the fixtures build, for one user and customer, as Stripe would send a whole
 * account's life: packs paid at once and later (bank debit), a failed delayed payment, a
 * subscription started, renewed after a failed renewal, and a one-off invoice that failed.
 */
export function accountEvents(tag: string, userId: string, t0: number): StripeEventFixture[] {
  const customer = `cus_chaos_${tag}`;
  const sub = { id: `sub_chaos_${tag}`, userId };
  const packAt = (id: string, status: 'paid' | 'unpaid', at: number) => {
    const session = creditPackSession(`cs_chaos_${tag}_${id}`, customer, userId, status, at);
    return { ...session, metadata: { ...(session.metadata as Record<string, string>), credit_pack: 'standard', user_id: userId } };
  };
  const p1 = t0 + 30 * DAY;
  const p2 = t0 + 60 * DAY;
  return [
    stripeEvent(`evt_chaos_${tag}_01`, 'checkout.session.completed', t0 + 1, packAt('now', 'paid', t0 + 1)),
    stripeEvent(`evt_chaos_${tag}_02`, 'checkout.session.completed', t0 + 2, packAt('debit', 'unpaid', t0 + 2)),
    stripeEvent(`evt_chaos_${tag}_03`, 'checkout.session.async_payment_succeeded', t0 + 3, packAt('debit', 'paid', t0 + 3)),
    stripeEvent(`evt_chaos_${tag}_04`, 'checkout.session.completed', t0 + 4, packAt('bounced', 'unpaid', t0 + 4)),
    stripeEvent(`evt_chaos_${tag}_05`, 'checkout.session.async_payment_failed', t0 + 5, packAt('bounced', 'unpaid', t0 + 5)),
    stripeEvent(`evt_chaos_${tag}_06`, 'customer.subscription.created', t0 + 6, proSubscription(sub.id, customer, userId, 'incomplete', t0, p1)),
    stripeEvent(`evt_chaos_${tag}_07`, 'customer.subscription.updated', t0 + 7, proSubscription(sub.id, customer, userId, 'active', t0, p1)),
    stripeEvent(`evt_chaos_${tag}_08`, 'invoice.paid', t0 + 8, invoice(`in_chaos_${tag}_1`, customer, 'subscription_create', 'paid', t0 + 8, sub)),
    stripeEvent(`evt_chaos_${tag}_09`, 'invoice.payment_failed', t0 + 9, invoice(`in_chaos_${tag}_2`, customer, 'subscription_cycle', 'open', t0 + 9, sub)),
    stripeEvent(`evt_chaos_${tag}_10`, 'customer.subscription.updated', t0 + 10, proSubscription(sub.id, customer, userId, 'active', p1, p2)),
    stripeEvent(`evt_chaos_${tag}_11`, 'invoice.paid', t0 + 11, invoice(`in_chaos_${tag}_2`, customer, 'subscription_cycle', 'paid', t0 + 11, sub)),
    stripeEvent(`evt_chaos_${tag}_12`, 'invoice.payment_failed', t0 + 12, invoice(`in_chaos_${tag}_manual`, customer, 'manual', 'open', t0 + 12)),
  ];
}

function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * R4: the events of a whole account, delivered in order to one user and, for each of N more users,
 * shuffled with every event sent twice: every account must end in the same billing state.
 */
export async function stripeReplays(api: ApiProcess, newUser: (tag: string) => Promise<ChaosUser>, size: ChaosSize): Promise<Figures> {
  const figures = new Figures('R4 Stripe replays');
  const helper = new Stripe(STRIPE_SECRET_KEY);
  const t0 = Math.floor(Date.now() / 1000) - 1000;
  let fivexx = 0;
  let refused = 0;
  let deliveries = 0;
  const deliver = async (event: StripeEventFixture) => {
    const payload = JSON.stringify(event);
    const res = await fetch(`${api.url}/api/v1/billing/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': helper.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET }) },
      body: payload,
    });
    await res.arrayBuffer();
    deliveries += 1;
    if (res.status >= 500) fivexx += 1;
    else if (res.status !== 200) refused += 1;
  };
  const stateOf = async (user: ChaosUser) => {
    const res = await call(api.url, 'GET', '/api/v1/billing', { auth: user.auth });
    if (res.status !== 200) throw new Error(`GET /billing answered ${res.status}`);
    const { period: _period, ...state } = res.body as Record<string, unknown>;
    return JSON.stringify(state);
  };

  const first = await newUser('r4-in-order');
  for (const event of accountEvents('ordered', first.id, t0)) await deliver(event);
  const expected = await stateOf(first);
  figures.info('state after the events in order', expected);
  let differing = 0;
  for (let round = 1; round <= size.r4Rounds; round++) {
    const user = await newUser(`r4-${round}`);
    const events = accountEvents(`r${round}`, user.id, t0);
    for (const event of shuffle([...events, ...events])) await deliver(event);
    if ((await stateOf(user)) !== expected) {
      differing += 1;
      figures.info(`round ${round}: state`, await stateOf(user));
    }
    // A third replay of everything changes nothing.
    for (const event of shuffle(events)) await deliver(event);
    if ((await stateOf(user)) !== expected) differing += 1;
  }
  figures.info('events per account / shuffled rounds / deliveries', `${accountEvents('x', 'x', t0).length} / ${size.r4Rounds} / ${deliveries}`);
  figures.equal('rounds whose billing state differs', differing, 0);
  figures.equal('deliveries not answered 200', refused, 0);
  figures.equal('5xx answers', fivexx, 0);
  return figures;
}
