import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('GET /api/v1/billing/credits: the credit ledger the dashboard shows', () => {
  const stack = useStack();
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    const { CreditLedgerService } = await import('@app/billing');
    alice = await stack.user();
    bob = await stack.user();
    const credits = api.app.get(CreditLedgerService);
    await credits.grant(alice.user.id, 5_000_000, 'checkout', `checkout:test-${alice.user.id}`);
    await credits.grant(alice.user.id, -1_234, 'usage', `usage:test-${alice.user.id}`);
  });

  it('lists the caller\'s entries a page at a time, summing to the balance', async () => {
    // The overview opens the billing account (and its signup grant) first.
    const overview = await api.http.get('/api/v1/billing').set(alice.auth).expect(200);
    const all = await api.http.get('/api/v1/billing/credits?limit=100').set(alice.auth).expect(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(2);
    expect(all.body.items).toContainEqual({ id: expect.any(String), delta_micros: -1_234, reason: 'usage', created_at: expect.any(String) });
    expect(all.body.items.reduce((sum: number, entry: { delta_micros: number }) => sum + entry.delta_micros, 0)).toBe(overview.body.credits_balance_micros);

    const first = await api.http.get('/api/v1/billing/credits?limit=1').set(alice.auth).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await api.http.get(`/api/v1/billing/credits?limit=1&cursor=${first.body.next_cursor}`).set(alice.auth).expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('shows another tenant none of them', async () => {
    const res = await api.http.get('/api/v1/billing/credits?limit=100').set(bob.auth).expect(200);
    expect(res.body.items.map((entry: { reason: string }) => entry.reason)).not.toContain('checkout');
  });

  it('answers 400 naming the field for a bad limit or cursor, an unknown parameter', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'cursor=nope']) {
      const res = await api.http.get(`/api/v1/billing/credits?${query}`).set(alice.auth).expect(400);
      expect(JSON.stringify(res.body.errors)).toMatch(/limit|cursor/);
    }
    await api.http.get('/api/v1/billing/credits?color=red').set(alice.auth).expect(400);
  });

  it('answers 401 without credentials and 403 for a key without billing:read', async () => {
    await api.http.get('/api/v1/billing/credits').expect(401);
    const reader = await stack.user(['jobs:read']);
    await api.http.get('/api/v1/billing/credits').set(reader.auth).expect(403);
  });
});
