import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { type Profile, Strategy } from 'passport-github2';
import { appConfig, type User, UsersService } from '@app/shared';
import { authConfig } from './auth.config.js';
import { CookieStateStore } from './oauth-state.store.js';

/** GitHub OAuth on configurable endpoints (github.com, GitHub Enterprise, or a local fake in tests). */
@Injectable()
export class GithubStrategy extends PassportStrategy(Strategy, 'github') {
  constructor(
    @Inject(authConfig.KEY) { github }: ConfigType<typeof authConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    private readonly users: UsersService,
  ) {
    const web = github.baseUrl.replace(/\/$/, '');
    const api = github.apiUrl.replace(/\/$/, '');
    const publicUrl = app.publicUrl.replace(/\/$/, '');
    super({
      // Unconfigured: the strategy exists but the controller answers 503 before using it.
      clientID: github.clientId ?? 'unconfigured',
      clientSecret: github.clientSecret ?? 'unconfigured',
      callbackURL: `${publicUrl}/auth/github/callback`,
      authorizationURL: `${web}/login/oauth/authorize`,
      tokenURL: `${web}/login/oauth/access_token`,
      userProfileURL: `${api}/user`,
      userEmailURL: `${api}/user/emails`,
      scope: ['read:user', 'user:email'],
      // passport-oauth2 picks the store's call shape by arity; ours is store(req, cb) / verify(req, state, cb).
      store: new CookieStateStore(publicUrl.startsWith('https:')) as never,
      passReqToCallback: false,
    });
  }

  async validate(_accessToken: string, _refreshToken: string, profile: Profile): Promise<User> {
    const raw = (profile as Profile & { _json?: { avatar_url?: string; email?: string | null } })._json ?? {};
    return this.users.upsertFromGithub({
      githubId: String(profile.id),
      login: profile.username ?? `github-${profile.id}`,
      name: profile.displayName || null,
      email: profile.emails?.[0]?.value ?? raw.email ?? null,
      avatarUrl: raw.avatar_url ?? profile.photos?.[0]?.value ?? null,
    });
  }
}
