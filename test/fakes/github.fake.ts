import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A GitHub account as GET /user returns it (the fields passport-github2 reads, and then some). */
export interface FakeGithubUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url: string;
  emails?: { email: string; primary: boolean; verified: boolean; visibility: string | null }[];
}

export interface FakeGithub {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The account that "approves" the next authorize request. */
  signInAs(user: FakeGithubUser): void;
  /** Every access token issued (to check none leaks into logs). */
  issuedTokens: string[];
  issuedCodes: string[];
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * GitHub's OAuth web flow and user API as documented: the authorize page (which here approves at
 * once and redirects back with code and state), the token endpoint (form-encoded POST; JSON or
 * urlencoded answer by Accept), GET /user and GET /user/emails with `Authorization: token|Bearer`.
 */
export async function startFakeGithub(): Promise<FakeGithub> {
  const clientId = `Iv1.${randomBytes(8).toString('hex')}`;
  const clientSecret = randomBytes(20).toString('hex');
  const codes = new Map<string, { user: FakeGithubUser; redirectUri: string }>();
  const tokens = new Map<string, FakeGithubUser>();
  let current: FakeGithubUser | undefined;
  const fake = {
    clientId,
    clientSecret,
    issuedTokens: [] as string[],
    issuedCodes: [] as string[],
    requests: [] as { method: string; path: string }[],
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push({ method: req.method ?? 'GET', path: url.pathname });

    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri');
      if (url.searchParams.get('client_id') !== clientId || !redirectUri || !current) {
        res.writeHead(404).end('Not Found');
        return;
      }
      const code = randomBytes(10).toString('hex');
      codes.set(code, { user: current, redirectUri });
      fake.issuedCodes.push(code);
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      const state = url.searchParams.get('state');
      if (state) back.searchParams.set('state', state);
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }

    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const params = new URLSearchParams(await readBody(req));
      const grant = codes.get(params.get('code') ?? '');
      const wantsJson = (req.headers.accept ?? '').includes('application/json');
      const answer = (body: Record<string, string>) => {
        if (wantsJson) return json(res, 200, body);
        res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded' });
        res.end(new URLSearchParams(body).toString());
      };
      if (params.get('client_id') !== clientId || params.get('client_secret') !== clientSecret) {
        answer({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' });
        return;
      }
      if (!grant || (params.get('redirect_uri') && params.get('redirect_uri') !== grant.redirectUri)) {
        answer({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
        return;
      }
      codes.delete(params.get('code')!);
      const token = `gho_${randomBytes(18).toString('hex')}`;
      tokens.set(token, grant.user);
      fake.issuedTokens.push(token);
      answer({ access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
      return;
    }

    const auth = /^(?:token|Bearer) (\S+)$/.exec(req.headers.authorization ?? '');
    const user = auth ? tokens.get(auth[1]!) : undefined;
    if (req.method === 'GET' && (url.pathname === '/user' || url.pathname === '/user/emails')) {
      if (!user) {
        json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      if (url.pathname === '/user/emails') {
        json(res, 200, user.emails ?? (user.email ? [{ email: user.email, primary: true, verified: true, visibility: 'public' }] : []));
        return;
      }
      json(res, 200, {
        login: user.login,
        id: user.id,
        node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
        avatar_url: user.avatar_url,
        html_url: `https://github.com/${user.login}`,
        type: 'User',
        site_admin: false,
        name: user.name,
        company: null,
        blog: '',
        location: null,
        email: user.email,
        bio: null,
        public_repos: 3,
        followers: 1,
        following: 0,
        created_at: '2019-04-01T10:00:00Z',
        updated_at: '2026-10-01T10:00:00Z',
      });
      return;
    }
    json(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}`,
    signInAs: (user) => (current = user),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
