import { Controller, Delete, Get, HttpCode, HttpStatus, Inject, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiCookieAuth, ApiFoundResponse, ApiNoContentResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { appConfig, DomainError, type User } from '@app/shared';
import { IntegrationsService } from '@app/ingestion';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { CookieStateStore } from '../auth/oauth-state.store.js';
import { IntegrationDto, IntegrationListDto } from './integrations.dto.js';

const GOOGLE_STATE_COOKIE = 'scriptorium_google_state';
const GOOGLE_RETURN_COOKIE = 'scriptorium_google_return';
const GOOGLE_PATH = '/api/v1/integrations/google';
const RETURN_TTL_MS = 10 * 60 * 1000;
/** A path on this site (not `//host`, no backslash), where the browser goes once connected. */
const SAME_SITE_PATH = /^\/(?![/\\])[\x21-\x7e]{0,199}$/;

@ApiTags('integrations')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/integrations')
export class IntegrationsController {
  private readonly states: CookieStateStore;
  private readonly secureCookies: boolean;

  constructor(
    private readonly integrations: IntegrationsService,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.secureCookies = app.publicUrl.startsWith('https:');
    this.states = new CookieStateStore(this.secureCookies, { name: GOOGLE_STATE_COOKIE, path: GOOGLE_PATH });
  }

  /** The caller's connected accounts (never their tokens). */
  @Get()
  @RequireScopes('documents:read')
  async list(@CurrentUser() user: User): Promise<IntegrationListDto> {
    return { items: (await this.integrations.list(user.id)).map((integration) => IntegrationDto.from(integration)), next_cursor: null };
  }

  /**
   * Starts connecting Google Drive: redirects to Google's consent page (offline access, read-only
   * Drive) with a state bound to this browser. 503 naming GOOGLE_CLIENT_ID/SECRET when unconfigured.
   */
  @Get('google/connect')
  @RequireScopes('documents:write')
  @ApiFoundResponse({ description: "redirect to Google's consent page" })
  @ApiQuery({ name: 'return_to', required: false, type: String, description: 'a path on this site to send the browser to once connected (the dashboard passes /integrations); the JSON list otherwise' })
  connectGoogle(@Query('return_to') returnTo: unknown, @Res() response: Response): void {
    if (returnTo !== undefined && (typeof returnTo !== 'string' || !SAME_SITE_PATH.test(returnTo))) {
      throw DomainError.badField('return_to', 'return_to must be a path on this site, such as /integrations');
    }
    const url = this.integrations.googleAuthorizationUrl(this.states.issue(response));
    if (returnTo === undefined) response.clearCookie(GOOGLE_RETURN_COOKIE, { path: GOOGLE_PATH });
    else response.cookie(GOOGLE_RETURN_COOKIE, returnTo, { httpOnly: true, sameSite: 'lax', secure: this.secureCookies, signed: true, maxAge: RETURN_TTL_MS, path: GOOGLE_PATH });
    response.redirect(302, url);
  }

  /** Google sends the browser back here: the code is exchanged, the grant stored encrypted, and the browser sent to the list. */
  @Get('google/callback')
  @RequireScopes('documents:write')
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'error', required: false, description: 'set by Google when the user declined' })
  @ApiFoundResponse({ description: 'connected; redirect to the return_to given at connect, or to /api/v1/integrations' })
  async googleCallback(
    @CurrentUser() user: User,
    @Query('code') code: unknown,
    @Query('state') state: unknown,
    @Query('error') error: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.states.check(request, response, state)) {
      throw DomainError.badField('state', 'state does not match this browser; start again at /api/v1/integrations/google/connect');
    }
    if (error !== undefined) {
      throw new DomainError('google_consent_denied', `Google did not grant access (${String(error).slice(0, 100)})`);
    }
    if (typeof code !== 'string' || code.length === 0 || code.length > 2048) throw DomainError.badField('code', 'code is required');
    await this.integrations.connectGoogle(user.id, code);
    const returnTo = request.signedCookies?.[GOOGLE_RETURN_COOKIE] as unknown;
    response.clearCookie(GOOGLE_RETURN_COOKIE, { path: GOOGLE_PATH });
    response.redirect(302, typeof returnTo === 'string' && SAME_SITE_PATH.test(returnTo) ? returnTo : '/api/v1/integrations');
  }

  /** Disconnects Google Drive: the stored grant is deleted. 404 when none is connected. */
  @Delete('google')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('documents:write')
  @ApiNoContentResponse({ description: 'disconnected' })
  async disconnectGoogle(@CurrentUser() user: User): Promise<void> {
    await this.integrations.disconnect(user.id, 'google');
  }
}

