import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DriveCredentials } from './drive.client.js';
import { DriveError } from './drive.error.js';
import { DRIVE_OPTIONS, type DriveOptions } from './drive.options.js';
import { GoogleOAuthClient, type GoogleTokens } from './google-oauth.client.js';
import { Integration, type IntegrationProvider } from './integration.entity.js';
import { DomainError, TokenCipher, TokenDecryptionError } from '@app/shared';

/**
 * A user's connections to outside services (Google Drive today): the OAuth grant is exchanged
 * here and its tokens kept only encrypted, bound to the owner's user id.
 */
@Injectable()
export class IntegrationsService {
  private readonly logger = new Logger(IntegrationsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly cipher: TokenCipher,
    @Inject(DRIVE_OPTIONS) private readonly options: DriveOptions,
  ) {}

  async list(userId: string): Promise<Integration[]> {
    return this.em.fork().find(Integration, { userId }, { orderBy: { provider: 'asc' } });
  }

  /** Google's consent page for Drive (offline access, consent prompt, drive.readonly); 503 naming what to set when unconfigured. */
  googleAuthorizationUrl(state: string): string {
    return this.googleOAuth().authorizationUrl(state);
  }

  /** Exchanges the code Google sent back and stores (or replaces) the user's Google grant. */
  async connectGoogle(userId: string, code: string): Promise<Integration> {
    const tokens = await this.googleOAuth().exchangeCode(code);
    const em = this.em.fork();
    const existing = await em.findOne(Integration, { userId, provider: 'google' });
    const refreshToken = tokens.refreshToken ?? (existing ? this.cipher.decrypt(existing.encryptedRefreshToken, userId) : null);
    if (!refreshToken) {
      throw new DomainError('drive_auth_failed',
        'Google did not issue a refresh token; remove Scriptorium under myaccount.google.com/permissions and connect again',
      );
    }
    const integration = existing ?? em.create(Integration, { userId, provider: 'google', encryptedRefreshToken: '' });
    integration.encryptedRefreshToken = this.cipher.encrypt(refreshToken, userId);
    integration.encryptedAccessToken = this.cipher.encrypt(tokens.accessToken, userId);
    integration.accessTokenExpiresAt = tokens.expiresAt;
    integration.scopes = tokens.scopes;
    await em.flush();
    this.logger.log({ msg: 'integration connected', provider: 'google', integration_id: integration.id, replaced: Boolean(existing) });
    return integration;
  }

  /** Forgets the user's grant; 404 when there is none. */
  async disconnect(userId: string, provider: IntegrationProvider): Promise<void> {
    const deleted = await this.em.fork().nativeDelete(Integration, { userId, provider });
    if (deleted === 0) throw new DomainError('integration_not_found', `no ${provider} integration is connected`);
    this.logger.log({ msg: 'integration disconnected', provider });
  }

  /** 409 `drive_not_connected` unless the user connected Google or a service account is configured. */
  async assertDriveAccess(userId: string): Promise<void> {
    if (this.options.serviceAccountJson) return;
    const count = await this.em.fork().count(Integration, { userId, provider: 'google' });
    if (count === 0) {
      throw new DomainError('drive_not_connected',
        'Google Drive is not connected: open /api/v1/integrations/google/connect in a browser first',
      );
    }
  }

  /**
   * Credentials to read the user's Drive: their own grant (refreshed access tokens are stored
   * again through `onTokens`), else the service account, else a `drive_not_connected` failure.
   */
  async driveCredentials(userId: string, onStored?: (work: Promise<void>) => void): Promise<DriveCredentials> {
    const integration = await this.em.fork().findOne(Integration, { userId, provider: 'google' });
    if (integration) {
      try {
        return {
          kind: 'oauth',
          oauth: this.googleOAuth(),
          refreshToken: this.cipher.decrypt(integration.encryptedRefreshToken, userId),
          accessToken: integration.encryptedAccessToken ? this.cipher.decrypt(integration.encryptedAccessToken, userId) : null,
          expiresAt: integration.accessTokenExpiresAt ?? null,
          onTokens: (tokens) => onStored?.(this.storeTokens(userId, tokens)),
        };
      } catch (error) {
        if (error instanceof TokenDecryptionError) {
          throw new DriveError('drive_auth_failed', 'the stored Google grant cannot be read any more; reconnect Google Drive');
        }
        if (error instanceof DomainError) throw new DriveError('drive_auth_failed', error.message);
        throw error;
      }
    }
    if (this.options.serviceAccountJson) {
      return { kind: 'service_account', key: this.options.serviceAccountJson, tokenUrl: this.options.tokenUrl };
    }
    throw new DomainError('drive_not_connected', 'Google Drive is not connected: connect it under /api/v1/integrations/google/connect');
  }

  /** Stores tokens Google issued on a refresh (encrypted); a refresh token is replaced only when Google sent a new one. */
  async storeTokens(userId: string, tokens: GoogleTokens): Promise<void> {
    const changes: Partial<Integration> = {
      encryptedAccessToken: this.cipher.encrypt(tokens.accessToken, userId),
      accessTokenExpiresAt: tokens.expiresAt,
      updatedAt: new Date(),
    };
    if (tokens.refreshToken) changes.encryptedRefreshToken = this.cipher.encrypt(tokens.refreshToken, userId);
    if (tokens.scopes.length > 0) changes.scopes = tokens.scopes;
    await this.em.fork().nativeUpdate(Integration, { userId, provider: 'google' }, changes);
    this.logger.log({ msg: 'integration tokens refreshed', provider: 'google' });
  }

  private googleOAuth(): GoogleOAuthClient {
    const { clientId, clientSecret } = this.options;
    if (!clientId || !clientSecret) {
      throw new DomainError('google_not_configured',
        'Google Drive is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
        { details: { missing: [...(clientId ? [] : ['GOOGLE_CLIENT_ID']), ...(clientSecret ? [] : ['GOOGLE_CLIENT_SECRET'])] } },
      );
    }
    return new GoogleOAuthClient({
      clientId,
      clientSecret,
      redirectUri: this.options.redirectUri,
      authUrl: this.options.authUrl,
      tokenUrl: this.options.tokenUrl,
    });
  }
}
