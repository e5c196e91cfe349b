import type { TestApi } from './support/api.js';
import type { SeededUser } from './support/accounts.js';

describe('rate limiting (Redis-backed, per API key)', () => {
  let api: TestApi;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    Object.assign(process.env, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_S: '30' });
    // Configuration is read when the modules load: import after setting the environment.
    const { bootApi } = await import('./support/api.js');
    const { seedUser } = await import('./support/accounts.js');
    api = await bootApi();
    alice = await seedUser(api.app);
    bob = await seedUser(api.app);
  });
  afterAll(() => api?.close());

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
