import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { appConfig, SessionsService, type User } from '@app/shared';
import { authConfig } from './auth.config.js';
import { GithubLoginGuard } from './github-login.guard.js';
import { SESSION_COOKIE } from './principal.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
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
    const sessionId = await this.sessions.create(request.user.id);
    response.cookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.app.publicUrl.startsWith('https:'),
      signed: true,
      maxAge: this.sessions.ttlMs,
      path: '/',
    });
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
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
