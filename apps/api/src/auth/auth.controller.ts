import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { appConfig, DomainError, LoginLinksService, SessionsService, type User } from '@app/shared';
import { authConfig } from './auth.config.js';
import { GithubLoginGuard } from './github-login.guard.js';
import { SESSION_COOKIE } from './principal.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly loginLinks: LoginLinksService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
  ) {}

  /** Starts GitHub login: redirects to GitHub's authorize page with a state bound to this browser. */
  @Public()
  @Get('github')
  @UseGuards(GithubLoginGuard)
  @ApiExcludeEndpoint()
  github(): void {
    // The guard redirects.
  }

  /** GitHub sends the browser back here; a session cookie is set and the browser redirected on. */
  @Public()
  @SkipThrottle()
  @Get('github/callback')
  @UseGuards(GithubLoginGuard)
  @ApiExcludeEndpoint()
  async githubCallback(@Req() request: Request & { user: User }, @Res() response: Response): Promise<void> {
    await this.signIn(response, request.user.id);
    response.redirect(302, this.auth.loginRedirectUrl);
  }

  /** Ends the session: the server forgets it and the cookie is cleared. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'logged out (also when there was no session)' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const sessionId = request.signedCookies?.[SESSION_COOKIE] as string | false | undefined;
    if (sessionId) await this.sessions.destroy(sessionId);
    clearSessionCookies(response);
  }

  /**
   * A one-time login link (`npm run cli -- user:login <login>`): a valid, unused, unexpired token
   * signs the browser in and sends it to the dashboard; any other token is 401.
   */
  @Public()
  @Get('link')
  @ApiExcludeEndpoint()
  async loginLink(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    const userId = typeof token === 'string' ? await this.loginLinks.consume(token) : null;
    if (!userId) throw new DomainError('login_failed', 'this login link is unknown, already used or expired: print a new one with `npm run cli -- user:login <login>`');
    await this.signIn(response, userId);
    response.redirect(302, '/');
  }

  private async signIn(response: Response, userId: string): Promise<void> {
    const sessionId = await this.sessions.create(userId);
    setSessionCookies(response, sessionId, { secret: this.app.secret, secure: this.app.publicUrl.startsWith('https:'), maxAgeMs: this.sessions.ttlMs });
  }
}
