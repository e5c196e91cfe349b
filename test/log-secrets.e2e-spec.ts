import { waitFor, type RunningProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/** Cookies from a fetch response, as a Cookie header value. */
function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

describe('logs of a real API process never contain secrets', () => {
  const stack = useStack({ api: 'process', fakes: { github: true }, env: { LOG_LEVEL: 'trace' } });
  const { github } = stack.fakes;
  let api: RunningProcess;
  let base: string;

  beforeAll(() => {
    api = stack.apiProcess;
    base = stack.url;
  });

  it('logs requests with request_id but no API key, session, OAuth code, GitHub token or client secret', async () => {
    github.signInAs({ id: 42, login: 'logcheck', name: null, email: 'logcheck@example.com', avatar_url: 'https://example.com/a.png' });
    const start = await fetch(`${base}/auth/github`, { redirect: 'manual' });
    const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = await fetch(approved.headers.get('location')!.replace('http://localhost:3000', base), {
      redirect: 'manual',
      headers: { Cookie: cookiesOf(start) },
    });
    expect(callback.status).toBe(302);
    const session = cookiesOf(callback);
    const created = await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { Cookie: session, 'Content-Type': 'application/json', 'X-CSRF-Token': /scriptorium_csrf=([^;]+)/.exec(session)![1]! },
      body: JSON.stringify({ name: 'log-check', scopes: ['jobs:read'] }),
    });
    const { secret } = (await created.json()) as { secret: string };
    expect((await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/me`, { headers: { Authorization: 'Bearer scr_wrong' } })).status).toBe(401);

    await waitFor(() => (api.output().match(/"msg":"request completed"/g)?.length ?? 0) >= 5, 10_000, 'request logs');
    const logs = api.output();
    expect(logs).toMatch(/"request_id":"[0-9a-f-]{36}"/);
    const sessionValue = decodeURIComponent(/scriptorium_session=([^;]+)/.exec(session)![1]!);
    for (const secretValue of [secret, sessionValue, sessionValue.split('.')[0]!.slice(2), github.clientSecret, ...github.issuedTokens, ...github.issuedCodes]) {
      expect(secretValue.length).toBeGreaterThan(8);
      expect(logs).not.toContain(secretValue);
    }
    expect(logs).not.toContain('scr_wrong');
  });
});
