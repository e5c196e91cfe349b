import { startProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/** Cookies from Set-Cookie headers, by name. */
function cookiesOf(setCookie: string[] | string | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((cookie) => cookie.split(';')[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** `npm run cli -- user:login <login>`: the link is the last line. */
async function loginLinkFromCli(login: string): Promise<URL> {
  const cli = startProcess('dist/apps/cli/src/main.js', {}, ['user:login', login]);
  const code = await cli.exited;
  if (code !== 0) throw new Error(`user:login failed: ${cli.output()}`);
  return new URL(cli.output().trim().split('\n').at(-1)!);
}

describe('dashboard sign-in: one-time login links and CSRF protection of cookie writes', () => {
  const stack = useStack({ env: { PUBLIC_URL: 'http://localhost:3000' } });
  const { api } = stack;

  /** Signs a user in through a login link made in-process (the CLI itself is tested once, above). */
  async function signIn(login: string): Promise<Record<string, string>> {
    const { LoginLinksService, UsersService } = await import('@app/shared');
    const { user } = await api.app.get(UsersService).findOrCreateByLogin(login);
    const token = await api.app.get(LoginLinksService).create(user.id);
    const res = await api.http.get(`/auth/link?token=${token}`).expect(302);
    expect(res.headers.location).toBe('/');
    return cookiesOf(res.headers['set-cookie']);
  }

  it('prints a link on PUBLIC_URL that signs the browser in once, with an HttpOnly session and a readable CSRF cookie', async () => {
    const link = await loginLinkFromCli('linkuser');
    expect(link.origin).toBe('http://localhost:3000');
    expect(link.pathname).toBe('/auth/link');
    const first = await api.http.get(`${link.pathname}${link.search}`).expect(302);
    const setCookies = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    expect(setCookies.find((c) => c.startsWith('scriptorium_session='))).toMatch(/HttpOnly/);
    expect(setCookies.find((c) => c.startsWith('scriptorium_csrf='))).not.toMatch(/HttpOnly/);
    const cookies = cookiesOf(first.headers['set-cookie']);
    const me = await api.http.get('/api/v1/me').set('Cookie', cookieHeader(cookies)).expect(200);
    expect(me.body.login).toBe('linkuser');

    const again = await api.http.get(`${link.pathname}${link.search}`).expect(401);
    expect(again.body.type).toMatch(/login_failed$/);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('answers 401 for an unknown, malformed or missing token', async () => {
    await api.http.get(`/auth/link?token=${'a'.repeat(43)}`).expect(401);
    await api.http.get('/auth/link?token=short').expect(401);
    await api.http.get('/auth/link?token=a&token=b').expect(400);
    await api.http.get('/auth/link').expect(401);
  });

  it('refuses an expired link (LOGIN_LINK_TTL_S)', async () => {
    const { LoginLinksService, RedisService } = await import('@app/shared');
    const { user } = await stack.user();
    const links = api.app.get(LoginLinksService);
    const token = await links.create(user.id);
    // Expire it now, as its TTL would: the stored key is the token's hash, never the token.
    const redis = api.app.get(RedisService).client;
    const keys = await redis.keys(`${process.env.REDIS_PREFIX}*login-link*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(token);
    expect(await redis.ttl(keys.at(-1)!)).toBeGreaterThan(0);
    for (const key of keys) await redis.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.http.get(`/auth/link?token=${token}`).expect(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token (403) and accepts it with the token', async () => {
    const cookies = await signIn('csrfuser');
    const body = { name: 'from the dashboard', scopes: ['jobs:read'] };
    const missing = await api.http.post('/api/v1/api-keys').set('Cookie', cookieHeader(cookies)).send(body).expect(403);
    expect(missing.body.type).toMatch(/csrf_token_invalid$/);
    await api.http.post('/api/v1/api-keys').set('Cookie', cookieHeader(cookies)).set('X-CSRF-Token', 'x'.repeat(43)).send(body).expect(403);

    // Another session's token does not fit this session.
    const other = await signIn('csrfother');
    await api.http.post('/api/v1/api-keys').set('Cookie', cookieHeader(cookies)).set('X-CSRF-Token', other.scriptorium_csrf!).send(body).expect(403);

    const created = await api.http.post('/api/v1/api-keys').set('Cookie', cookieHeader(cookies)).set('X-CSRF-Token', cookies.scriptorium_csrf!).send(body).expect(201);
    await api.http.delete(`/api/v1/api-keys/${created.body.id}`).set('Cookie', cookieHeader(cookies)).expect(403);
    await api.http.delete(`/api/v1/api-keys/${created.body.id}`).set('Cookie', cookieHeader(cookies)).set('X-CSRF-Token', cookies.scriptorium_csrf!).expect(204);
    // Reads need no token; an API key needs none either (it is not sent by browsers on their own).
    await api.http.get('/api/v1/api-keys').set('Cookie', cookieHeader(cookies)).expect(200);
    const seeded = await stack.user();
    await api.http.post('/api/v1/api-keys').set(seeded.auth).send(body).expect(201);
  });

  it('logout clears the session and CSRF cookies', async () => {
    const cookies = await signIn('logoutuser');
    const res = await api.http.post('/auth/logout').set('Cookie', cookieHeader(cookies)).expect(204);
    const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cleared.some((c) => c.startsWith('scriptorium_csrf=;'))).toBe(true);
    await api.http.get('/api/v1/me').set('Cookie', cookieHeader(cookies)).expect(401);
  });
});
