import type { SeededUser } from './support/accounts.js';
import type { FakeGithubUser } from './fakes/github.fake.js';
import { useStack } from './support/use-stack.js';

/** Cookies from Set-Cookie headers, as a Cookie header value. */
function cookiesOf(setCookie: string[] | string | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((cookie) => cookie.split(';')[0]).join('; ');
}

describe('accounts: GitHub login, sessions, API keys, scopes, tenant isolation', () => {
  const stack = useStack({ fakes: { github: true }, env: { PUBLIC_URL: 'http://localhost:3000' } });
  const { api } = stack;
  const { github } = stack.fakes;
  const seed = stack.user;
  const octocat: FakeGithubUser = {
    id: 583231,
    login: 'octocat',
    name: 'The Octocat',
    email: null,
    avatar_url: 'https://avatars.githubusercontent.com/u/583231?v=4',
    emails: [{ email: 'octocat@example.com', primary: true, verified: true, visibility: 'public' }],
  };

  /** The browser's side of the dance: our /auth/github → GitHub authorize → our callback. */
  async function loginThroughGithub(): Promise<{ sessionCookie: string; callback: import('supertest').Response }> {
    const start = await api.http.get('/auth/github').expect(302);
    const authorize = new URL(start.headers.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(github.clientId);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const stateCookie = cookiesOf(start.headers['set-cookie']);

    const approved = await fetch(authorize, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location')!);
    const callback = await api.http.get(`${back.pathname}${back.search}`).set('Cookie', stateCookie);
    return { sessionCookie: cookiesOf(callback.headers['set-cookie']), callback };
  }

  describe('GitHub OAuth', () => {
    it('runs the whole dance: authorize, callback with code, token, profile, session, /me', async () => {
      github.signInAs(octocat);
      const { callback, sessionCookie } = await loginThroughGithub();
      expect(callback.status).toBe(302);
      expect(callback.headers.location).toBe('/');
      const setCookie = ([] as string[]).concat(callback.headers['set-cookie'] ?? []).find((c) => c.startsWith('scriptorium_session='));
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).not.toMatch(/Secure/);

      const me = await api.http.get('/api/v1/me').set('Cookie', sessionCookie).expect(200);
      expect(me.body).toMatchObject({
        login: 'octocat',
        name: 'The Octocat',
        email: 'octocat@example.com',
        avatar_url: octocat.avatar_url,
        authenticated_via: 'session',
      });
      expect(me.body.scopes).toContain('billing:write');
      expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['POST /login/oauth/access_token', 'GET /user', 'GET /user/emails']),
      );
    });

    it('updates a returning user instead of creating another', async () => {
      github.signInAs(octocat);
      const first = await loginThroughGithub();
      const firstMe = await api.http.get('/api/v1/me').set('Cookie', first.sessionCookie).expect(200);

      github.signInAs({ ...octocat, login: 'octocat-renamed', name: 'Mona' });
      const second = await loginThroughGithub();
      const secondMe = await api.http.get('/api/v1/me').set('Cookie', second.sessionCookie).expect(200);
      expect(secondMe.body.id).toBe(firstMe.body.id);
      expect(secondMe.body).toMatchObject({ login: 'octocat-renamed', name: 'Mona' });
    });

    it('rejects a callback whose state does not match the browser', async () => {
      github.signInAs(octocat);
      const start = await api.http.get('/auth/github').expect(302);
      const approved = await fetch(start.headers.location!, { redirect: 'manual' });
      const back = new URL(approved.headers.get('location')!);
      // Another browser (no state cookie) …
      const res = await api.http.get(`${back.pathname}${back.search}`).expect(401);
      expect(res.body.type).toMatch(/login_failed$/);
      expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^scriptorium_session=/)]));
      // … or a forged state with the right cookie.
      back.searchParams.set('state', 'forged-state-value-000000000');
      await api.http.get(`${back.pathname}${back.search}`).set('Cookie', cookiesOf(start.headers['set-cookie'])).expect(401);
    });

    it('logout ends the session on the server', async () => {
      github.signInAs(octocat);
      const { sessionCookie } = await loginThroughGithub();
      await api.http.get('/api/v1/me').set('Cookie', sessionCookie).expect(200);
      await api.http.post('/auth/logout').set('Cookie', sessionCookie).expect(204);
      // The old cookie, replayed, is worthless.
      await api.http.get('/api/v1/me').set('Cookie', sessionCookie).expect(401);
    });

    it('rejects a forged (unsigned) session cookie', async () => {
      await api.http.get('/api/v1/me').set('Cookie', 'scriptorium_session=abc').expect(401);
    });
  });

  describe('API keys', () => {
    it('creates a key (secret shown once), lists it without the secret, authenticates with it, revokes it', async () => {
      const owner = await seed();
      const created = await api.http
        .post('/api/v1/api-keys')
        .set(owner.auth)
        .send({ name: 'ci', scopes: ['documents:read', 'jobs:read'] })
        .expect(201);
      expect(created.body).toMatchObject({ name: 'ci', scopes: ['documents:read', 'jobs:read'], last_used_at: null });
      const secret: string = created.body.secret;
      expect(secret).toMatch(/^scr_/);
      expect(created.body.prefix).toBe(secret.slice(0, 12));

      const list = await api.http.get('/api/v1/api-keys').set(owner.auth).expect(200);
      expect(list.body.items.map((k: { id: string }) => k.id)).toContain(created.body.id);
      expect(JSON.stringify(list.body)).not.toContain(secret);

      const me = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(200);
      expect(me.body).toMatchObject({ id: owner.user.id, authenticated_via: 'api_key', scopes: ['documents:read', 'jobs:read'] });
      const used = await api.http.get('/api/v1/api-keys').set(owner.auth).expect(200);
      const usedKey = used.body.items.find((k: { id: string }) => k.id === created.body.id);
      expect(usedKey.last_used_at).not.toBeNull();

      await api.http.delete(`/api/v1/api-keys/${created.body.id}`).set(owner.auth).expect(204);
      const revoked = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${secret}`).expect(401);
      expect(revoked.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('answers unknown, revoked and malformed keys with the same 401', async () => {
      const owner = await seed();
      const { body } = await api.http.post('/api/v1/api-keys').set(owner.auth).send({ name: 'x', scopes: ['jobs:read'] });
      await api.http.delete(`/api/v1/api-keys/${body.id}`).set(owner.auth).expect(204);
      const { generateApiKey } = await import('@app/shared');
      const answers = await Promise.all(
        [body.secret, generateApiKey(), 'scr_not-a-key', 'garbage'].map((key) =>
          api.http.get('/api/v1/me').set('Authorization', `Bearer ${key}`),
        ),
      );
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.body.detail).toBe('invalid API key');
      }
    });

    it('answers 401 with no credentials at all', async () => {
      for (const path of ['/api/v1/me', '/api/v1/api-keys', '/api/v1/jobs']) {
        const res = await api.http.get(path).expect(401);
        expect(res.body.type).toMatch(/unauthorized$/);
      }
      await api.http.post('/api/v1/api-keys').send({ name: 'x', scopes: ['jobs:read'] }).expect(401);
    });

    it('answers 400 naming the field for a bad name or scope', async () => {
      const owner = await seed();
      const badScope = await api.http.post('/api/v1/api-keys').set(owner.auth).send({ name: 'x', scopes: ['root'] }).expect(400);
      expect(badScope.body.errors[0].field).toBe('scopes');
      const noName = await api.http.post('/api/v1/api-keys').set(owner.auth).send({ scopes: ['jobs:read'] }).expect(400);
      expect(noName.body.errors.map((e: { field: string }) => e.field)).toContain('name');
      const long = await api.http.post('/api/v1/api-keys').set(owner.auth).send({ name: 'x'.repeat(101), scopes: ['jobs:read'] }).expect(400);
      expect(long.body.errors[0].field).toBe('name');
    });

    it('answers 403 naming the scope a key lacks, and a key cannot mint a broader key', async () => {
      const reader = await seed(['documents:read']);
      const res = await api.http.get('/api/v1/jobs').set(reader.auth).expect(403);
      expect(res.body).toMatchObject({ required_scope: 'jobs:read', detail: 'this API key lacks the scope jobs:read' });
      const escalate = await api.http.post('/api/v1/api-keys').set(reader.auth).send({ name: 'x', scopes: ['billing:write'] }).expect(403);
      expect(escalate.body.required_scope).toBe('billing:write');
    });

    it('never lets user A see or revoke user B keys (404)', async () => {
      const alice = await seed();
      const bob = await seed();
      const { body: bobKey } = await api.http.post('/api/v1/api-keys').set(bob.auth).send({ name: 'bob', scopes: ['jobs:read'] });
      const aliceList = await api.http.get('/api/v1/api-keys').set(alice.auth).expect(200);
      expect(aliceList.body.items.map((k: { id: string }) => k.id)).not.toContain(bobKey.id);
      const res = await api.http.delete(`/api/v1/api-keys/${bobKey.id}`).set(alice.auth).expect(404);
      expect(res.body.type).toMatch(/api_key_not_found$/);
      await api.http.get('/api/v1/me').set('Authorization', `Bearer ${bobKey.secret}`).expect(200);
    });
  });

  describe('jobs endpoints', () => {
    async function createJob(owner: SeededUser, input: Record<string, unknown> = {}) {
      const { JobsService, JOB_TYPES } = await import('@app/shared');
      return api.app.get(JobsService).create({ userId: owner.user.id, type: JOB_TYPES.DIAGNOSTICS, input });
    }

    it('lists the caller’s jobs newest first with cursor paging and filters', async () => {
      const owner = await seed();
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await createJob(owner, { n: i })).id);
      const first = await api.http.get('/api/v1/jobs?limit=2').set(owner.auth).expect(200);
      expect(first.body.items.map((j: { id: string }) => j.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await api.http.get(`/api/v1/jobs?limit=2&cursor=${first.body.next_cursor}`).set(owner.auth).expect(200);
      expect(second.body.items.map((j: { id: string }) => j.id)).toEqual([ids[0]]);
      expect(second.body.next_cursor).toBeNull();

      const byType = await api.http.get('/api/v1/jobs?type=diagnostics&status=queued').set(owner.auth).expect(200);
      expect(byType.body.items).toHaveLength(3);
      const none = await api.http.get('/api/v1/jobs?status=succeeded').set(owner.auth).expect(200);
      expect(none.body.items).toHaveLength(0);
    });

    it('answers 400 naming a bad filter, limit or cursor', async () => {
      const owner = await seed();
      expect((await api.http.get('/api/v1/jobs?status=done').set(owner.auth).expect(400)).body.errors[0].field).toBe('status');
      expect((await api.http.get('/api/v1/jobs?limit=1000').set(owner.auth).expect(400)).body.errors[0].field).toBe('limit');
      expect((await api.http.get('/api/v1/jobs?cursor=nonsense').set(owner.auth).expect(400)).body.errors[0].field).toBe('cursor');
      expect((await api.http.get('/api/v1/jobs/not-a-uuid').set(owner.auth).expect(400)).body.detail).toMatch(/uuid/);
    });

    it('shows a job with steps and timings, and cancels a queued one so it never starts', async () => {
      const owner = await seed();
      const job = await createJob(owner, { steps: 2 });
      const detail = await api.http.get(`/api/v1/jobs/${job.id}`).set(owner.auth).expect(200);
      expect(detail.body).toMatchObject({ id: job.id, type: 'diagnostics', status: 'queued', input: { steps: 2 }, steps: [], output: null });

      const canceled = await api.http.post(`/api/v1/jobs/${job.id}/cancel`).set(owner.auth).expect(202);
      expect(canceled.body).toMatchObject({ status: 'canceled', cancel_requested_at: expect.any(String) });
      const again = await api.http.post(`/api/v1/jobs/${job.id}/cancel`).set(owner.auth).expect(409);
      expect(again.body.type).toMatch(/job_finished$/);
    });

    it('answers 404 for another user’s job, on read and on cancel', async () => {
      const alice = await seed();
      const bob = await seed();
      const job = await createJob(bob);
      await api.http.get(`/api/v1/jobs/${job.id}`).set(alice.auth).expect(404);
      await api.http.post(`/api/v1/jobs/${job.id}/cancel`).set(alice.auth).expect(404);
      const list = await api.http.get('/api/v1/jobs').set(alice.auth).expect(200);
      expect(list.body.items).toHaveLength(0);
    });
  });
});
