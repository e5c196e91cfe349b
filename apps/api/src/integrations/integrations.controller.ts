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
const GOOGLE_PATH = '/api/v1/integrations/google';

@ApiTags('integrations')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/integrations')
export class IntegrationsController {
  private readonly states: CookieStateStore;

  constructor(
    private readonly integrations: IntegrationsService,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.states = new CookieStateStore(app.publicUrl.startsWith('https:'), { name: GOOGLE_STATE_COOKIE, path: GOOGLE_PATH });
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
  connectGoogle(@Res() response: Response): void {
    const url = this.integrations.googleAuthorizationUrl(this.states.issue(response));
    response.redirect(302, url);
  }

  /** Google sends the browser back here: the code is exchanged, the grant stored encrypted, and the browser sent to the list. */
  @Get('google/callback')
  @RequireScopes('documents:write')
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'error', required: false, description: 'set by Google when the user declined' })
  @ApiFoundResponse({ description: 'connected; redirect to /api/v1/integrations' })
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
    response.redirect(302, '/api/v1/integrations');
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

