import Stripe from 'stripe';
import { useStack } from './support/use-stack.js';

describe('billing without Stripe configuration', () => {
  const stack = useStack({ env: { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', STRIPE_PRICE_SUBSCRIPTION: 'price_pro', STRIPE_PRICE_CREDIT_PACK: '' } });
  const { api } = stack;

  const expectNotConfigured = (res: { body: Record<string, unknown> }, variable: string) => {
    expect(res.body).toMatchObject({ status: 503, type: expect.stringMatching(/billing_not_configured$/), missing: variable });
    expect(res.body.detail).toContain(variable);
  };

  it('answers 503 billing_not_configured, naming the variable, on checkout, portal and the webhook', async () => {
    const user = await stack.user();
    expectNotConfigured(await api.http.post('/api/v1/billing/checkout').set(user.auth).send({ plan: 'pro' }).expect(503), 'STRIPE_SECRET_KEY');
    expectNotConfigured(await api.http.post('/api/v1/billing/checkout').set(user.auth).send({ credit_pack: 'standard' }).expect(503), 'STRIPE_SECRET_KEY');
    // Before any customer exists: still 503 (not 409), the configuration is what is missing.
    expectNotConfigured(await api.http.post('/api/v1/billing/portal').set(user.auth).expect(503), 'STRIPE_SECRET_KEY');
    const payload = JSON.stringify({ id: 'evt_unconfigured', object: 'event', type: 'invoice.paid', data: { object: {} } });
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: 'whsec_any' });
    const webhook = await api.http.post('/api/v1/billing/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(payload).expect(503);
    expectNotConfigured(webhook, 'STRIPE_WEBHOOK_SECRET');
    // The answer is the domain error, never a masked internal_error.
    expect(webhook.body.detail).not.toBe('internal error');
  });

  it('still shows plan, credits and usage (GET /billing reads only our own ledger) and still asks for authentication', async () => {
    const user = await stack.user();
    const overview = await api.http.get('/api/v1/billing').set(user.auth).expect(200);
    expect(overview.body).toMatchObject({ plan: 'free', status: 'none', credits_balance_micros: 1_000_000 });
    await api.http.post('/api/v1/billing/checkout').send({ plan: 'pro' }).expect(401);
    await api.http.post('/api/v1/billing/portal').expect(401);
  });
});
