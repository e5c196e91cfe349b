import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { ConfigType } from '@nestjs/config';
import { ApiKeysService, appConfig, DomainError, SCOPES, type Scope, SessionsService, UsersService } from '@app/shared';
import { REQUIRED_SCOPES } from './auth.decorators.js';
import { CSRF_HEADER, type RequestWithPrincipal, SESSION_COOKIE } from './principal.js';
import { isCsrfTokenValid } from './session-cookies.js';
import { IS_PUBLIC, SIGNED_URL_ACCESS } from './public.decorator.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one guard for every route: a Bearer API key or the session cookie, unless the route is
 * @Public() (or @AllowSignedUrl() and the request carries a signature). Malformed, unknown and revoked keys get the same 401;
 * a session's writes need its CSRF token.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const response = context.switchToHttp().getResponse<Response>();
    // A signed URL is its own credential: the handler checks the signature (and answers 401 for a bad one).
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_URL_ACCESS, targets) && request.query.signature !== undefined) return true;

    await this.authenticate(request, response);
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets) ?? [];
    const missing = required.find((scope) => !request.principal!.scopes.includes(scope));
    if (missing) {
      throw new DomainError('insufficient_scope', `this API key lacks the scope ${missing}`, { details: { required_scope: missing } });
    }
    return true;
  }

  private async authenticate(request: Request & RequestWithPrincipal, response: Response): Promise<void> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      const found = match ? await this.apiKeys.authenticate(match[1]!) : null;
      if (!found) throw this.unauthorized(response, 'invalid API key');
      request.principal = { user: found.user, via: 'api_key', scopes: found.key.scopes, apiKeyId: found.key.id };
      return;
    }
    const sessionId = request.signedCookies?.[SESSION_COOKIE] as string | false | undefined;
    if (sessionId) {
      const session = await this.sessions.get(sessionId);
      const user = session ? await this.users.findById(session.userId) : null;
      if (user) {
        // A cookie rides along on another site's form or fetch; a write must also prove it comes from our page.
        if (!SAFE_METHODS.has(request.method) && !isCsrfTokenValid(request.get(CSRF_HEADER), sessionId, this.app.secret)) {
          throw new DomainError('csrf_token_invalid', 'a write with the session cookie needs the X-CSRF-Token header (the value of the scriptorium_csrf cookie)');
        }
        request.principal = { user, via: 'session', scopes: SCOPES, sessionId };
        return;
      }
    }
    throw this.unauthorized(response, 'authentication required: send an API key as a Bearer token or log in');
  }

  private unauthorized(response: Response, message: string): DomainError {
    response.setHeader('WWW-Authenticate', 'Bearer realm="scriptorium"');
    return new DomainError('unauthorized', message);
  }
}
