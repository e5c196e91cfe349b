import { useLibContext } from '../../../../test/support/lib-context.js';
import type { BillingAccountsRepository } from './billing-accounts.repository.js';

describe('BillingAccountsRepository (Postgres)', () => {
  const ctx = useLibContext('billing_accounts', async () => [(await import('@app/billing')).BillingModule]);
  let accounts: BillingAccountsRepository;
  beforeAll(async () => {
    accounts = ctx.app.get((await import('./billing-accounts.repository.js')).BillingAccountsRepository);
  });

  it('creates an account once, and keeps the first Stripe customer linked to it', async () => {
    const userId = await ctx.newUser();
    expect(await accounts.createIfMissing(userId)).toBe(true);
    expect(await accounts.createIfMissing(userId)).toBe(false);
    expect(await accounts.customerOf(userId)).toBeNull();
    expect(await accounts.linkCustomer(userId, 'cus_first')).toBe('cus_first');
    expect(await accounts.linkCustomer(userId, 'cus_second')).toBe('cus_first');
    expect(await accounts.userOfCustomer('cus_first')).toBe(userId);
    expect(await accounts.userOfCustomer('cus_unknown')).toBeNull();
    expect(await accounts.find(userId)).toMatchObject({ user_id: userId, plan: 'free', status: 'none', stripe_customer_id: 'cus_first' });
  });

  it('applies subscription state only from an event not older than the newest applied', async () => {
    const userId = await ctx.newUser();
    await accounts.createIfMissing(userId);
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1) + seconds * 1000);
    await ctx.em.fork().transactional(async (tx) => {
      await accounts.applySubscriptionState(userId, at(20), { subscription_id: 'sub_1', status: 'active', plan: 'pro' }, tx);
      await accounts.applySubscriptionState(userId, at(10), { status: 'past_due' }, tx);
    });
    expect(await accounts.find(userId)).toMatchObject({ plan: 'pro', status: 'active' });
    expect(await accounts.hasSubscriptionIn(userId, ['active', 'trialing'])).toBe(true);
    await ctx.em.fork().transactional((tx) => accounts.applySubscriptionState(userId, at(30), { status: 'canceled', plan: 'free' }, tx));
    expect(await accounts.hasSubscriptionIn(userId, ['active', 'trialing'])).toBe(false);
  });

  it('records a Stripe event once, and knows which ids are users', async () => {
    const userId = await ctx.newUser();
    const id = `evt_${Date.now()}`;
    expect(await ctx.em.fork().transactional((tx) => accounts.recordStripeEvent(id, 'invoice.paid', tx))).toBe(true);
    expect(await ctx.em.fork().transactional((tx) => accounts.recordStripeEvent(id, 'invoice.paid', tx))).toBe(false);
    expect(await accounts.userExists(userId)).toBe(true);
    expect(await accounts.userExists('not-a-uuid')).toBe(false);
  });
});
