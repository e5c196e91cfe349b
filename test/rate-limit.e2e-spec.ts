import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('rate limiting (Redis-backed, per API key)', () => {
  const stack = useStack({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_S: '30' } });
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  it('answers 429 with Retry-After after the limit, for that key only', async () => {
    for (let i = 0; i < 3; i += 1) await api.http.get('/api/v1/me').set(alice.auth).expect(200);
    const limited = await api.http.get('/api/v1/me').set(alice.auth).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, type: expect.stringMatching(/too_many_requests$/) });

    // Another key has its own budget.
    await api.http.get('/api/v1/me').set(bob.auth).expect(200);
  });

  it('never limits the health endpoints', async () => {
    for (let i = 0; i < 6; i += 1) await api.http.get('/healthz').expect(200);
  });
});
