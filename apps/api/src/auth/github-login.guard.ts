import { type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@app/shared';
import { authConfig } from './auth.config.js';

/** Runs the passport GitHub dance; 503 with what to set when no GitHub app is configured. */
@Injectable()
export class GithubLoginGuard extends AuthGuard('github') {
  private readonly logger = new Logger(GithubLoginGuard.name);

  constructor(@Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>) {
    super({ session: false });
  }

  override canActivate(context: ExecutionContext) {
    if (!this.auth.github.clientId || !this.auth.github.clientSecret) {
      throw new DomainError(
        'github_login_unavailable',
        'GitHub login is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or create a user with `npm run cli -- user:create <login>`',
      );
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) {
      // Token exchange or profile fetch failed, or storing the user did: log the cause, tell the user little.
      this.logger.warn({ msg: 'GitHub login failed', err: error });
    }
    if (error || !user) {
      const reason = info && typeof info === 'object' && 'message' in info ? String(info.message) : 'GitHub login failed';
      throw new DomainError('login_failed', reason);
    }
    return user;
  }
}
