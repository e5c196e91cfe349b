import { startProcess, stopProcess, waitFor, waitForOutput, type RunningProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/**
 * Each API process keeps verified API keys briefly in memory (no database round trip per
 * request); revoking a key must still take effect at once in every process, through Redis.
 * Two API processes: this one (in-process) and a second one started from dist/.
 */
describe('API key cache', () => {
  const stack = useStack();
  let other: RunningProcess;
  let otherUrl: string;

  beforeAll(async () => {
    other = startProcess('dist/apps/api/src/main.js', { PORT: '0', LOG_LEVEL: 'info' });
    const [, port] = await waitForOutput(other, /"msg":"api listening","port":(\d+)/, 90_000, 'the second API process to listen');
    otherUrl = `http://127.0.0.1:${port}`;
  }, 120_000);

  afterAll(async () => {
    if (other) await stopProcess(other);
  });

  const statusOnOther = async (key: string) => (await fetch(`${otherUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } })).status;

  /**
   * Until the other process answers from its cache: a key revoked behind its back (in SQL, which
   * tells no one) is still accepted there. Proves the cache is in use, so the revocation below is
   * a real test of its invalidation. The key is active again afterwards.
   */
  async function warmOther(key: string, keyId: string): Promise<void> {
    await waitFor(
      async () => {
        expect(await statusOnOther(key)).toBe(200);
        await stack.sql('update api_keys set revoked_at = now() where id = ?', [keyId]);
        const status = await statusOnOther(key);
        await stack.sql('update api_keys set revoked_at = null where id = ?', [keyId]);
        return status === 200;
      },
      15_000,
      'the other API process to cache the key',
    );
  }

  it('a key revoked through one API process is refused by the other at once', async () => {
    const owner = await stack.user();
    const created = await stack.api.http.post('/api/v1/api-keys').set(owner.auth).send({ name: 'cached', scopes: ['jobs:read'] }).expect(201);
    const secret = created.body.secret as string;
    const keyId = created.body.id as string;

    await warmOther(secret, keyId);
    await stack.api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(200);

    await stack.api.http.delete(`/api/v1/api-keys/${keyId}`).set(owner.auth).expect(204);

    // No waiting: the revocation is published before DELETE answers.
    expect(await statusOnOther(secret)).toBe(401);
    const here = await stack.api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(401);
    expect(here.headers['www-authenticate']).toMatch(/^Bearer/);
    // And it stays refused (nothing re-caches it).
    expect(await statusOnOther(secret)).toBe(401);
  });

  it('a key revoked through the other process is refused here at once, other keys of the user still work', async () => {
    const owner = await stack.user();
    const created = await stack.api.http.post('/api/v1/api-keys').set(owner.auth).send({ name: 'cached-2', scopes: ['jobs:read'] }).expect(201);
    const secret = created.body.secret as string;
    await stack.api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(200);
    await stack.api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(200);

    const revoked = await fetch(`${otherUrl}/api/v1/api-keys/${created.body.id}`, { method: 'DELETE', headers: owner.auth });
    expect(revoked.status).toBe(204);

    await stack.api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(401);
    await stack.api.http.get('/api/v1/me').set(owner.auth).expect(200);
  });
});
