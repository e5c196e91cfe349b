import { randomBytes } from 'node:crypto';
import { HttpFake, type FakeReply, type FakeRequest } from './http.fake.js';

/** A GitHub account as GET /user returns it (the fields passport-github2 reads, and then some). */
export interface FakeGithubUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url: string;
  emails?: { email: string; primary: boolean; verified: boolean; visibility: string | null }[];
}

/**
 * GitHub's OAuth web flow and user API as documented: the authorize page (which here approves at
 * once and redirects back with code and state), the token endpoint (form-encoded POST; JSON or
 * urlencoded answer by Accept), GET /user and GET /user/emails with `Authorization: token|Bearer`.
 */
export class FakeGithub extends HttpFake {
  readonly clientId = `Iv1.${randomBytes(8).toString('hex')}`;
  readonly clientSecret = randomBytes(20).toString('hex');
  /** Every access token issued (to check none leaks into logs). */
  readonly issuedTokens: string[] = [];
  readonly issuedCodes: string[] = [];
  private readonly codes = new Map<string, { user: FakeGithubUser; redirectUri: string }>();
  private readonly tokens = new Map<string, FakeGithubUser>();
  private current: FakeGithubUser | undefined;

  constructor() {
    super();
    this.route('GET', '/login/oauth/authorize', (request, reply) => this.authorize(request, reply));
    this.route('POST', '/login/oauth/access_token', (request, reply) => this.accessToken(request, reply));
    this.route('GET', '/user', (request, reply) => {
      const user = this.userOf(request);
      if (!user) return this.badCredentials(reply);
      reply.json(200, {
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
    });
    this.route('GET', '/user/emails', (request, reply) => {
      const user = this.userOf(request);
      if (!user) return this.badCredentials(reply);
      reply.json(200, user.emails ?? (user.email ? [{ email: user.email, primary: true, verified: true, visibility: 'public' }] : []));
    });
  }

  /** The account that "approves" the next authorize request. */
  signInAs(user: FakeGithubUser): void {
    this.current = user;
  }

  protected override notFound(_request: FakeRequest, reply: FakeReply): void {
    reply.json(404, { message: 'Not Found' });
  }

  private authorize(request: FakeRequest, reply: FakeReply): void {
    const redirectUri = request.query.redirect_uri;
    if (request.query.client_id !== this.clientId || !redirectUri || !this.current) return reply.send(404, 'Not Found', 'text/plain');
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, { user: this.current, redirectUri });
    this.issuedCodes.push(code);
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    if (request.query.state) back.searchParams.set('state', request.query.state);
    reply.status(302, { Location: back.toString() });
  }

  private accessToken(request: FakeRequest, reply: FakeReply): void {
    const params = new URLSearchParams(request.raw.toString('utf8'));
    const grant = this.codes.get(params.get('code') ?? '');
    const answer = (body: Record<string, string>) => {
      if ((request.headers.accept ?? '').includes('application/json')) reply.json(200, body);
      else reply.send(200, new URLSearchParams(body).toString(), 'application/x-www-form-urlencoded');
    };
    if (params.get('client_id') !== this.clientId || params.get('client_secret') !== this.clientSecret) {
      return answer({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' });
    }
    if (!grant || (params.get('redirect_uri') && params.get('redirect_uri') !== grant.redirectUri)) {
      return answer({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    }
    this.codes.delete(params.get('code')!);
    const token = `gho_${randomBytes(18).toString('hex')}`;
    this.tokens.set(token, grant.user);
    this.issuedTokens.push(token);
    answer({ access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }

  private userOf(request: FakeRequest): FakeGithubUser | undefined {
    const auth = /^(?:token|Bearer) (\S+)$/.exec(request.headers.authorization ?? '');
    return auth ? this.tokens.get(auth[1]!) : undefined;
  }

  private badCredentials(reply: FakeReply): void {
    reply.json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
  }
}

export function startFakeGithub(): Promise<FakeGithub> {
  return new FakeGithub().start();
}
