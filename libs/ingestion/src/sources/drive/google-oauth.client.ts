import type * as Auth from 'googleapis-common';
import { lazyPackage } from '@app/shared';
import { DEFAULT_GOOGLE_AUTH_URL, DEFAULT_GOOGLE_TOKEN_URL } from '../../ingestion.config.js';
import { DriveError } from './drive.error.js';

export { DEFAULT_GOOGLE_AUTH_URL, DEFAULT_GOOGLE_TOKEN_URL };

/** Google's auth library loads on first use (~27 MiB), not with the API process. */
const googleAuth = lazyPackage<typeof Auth>('googleapis-common');
export const DRIVE_READONLY_SCOPE = 'https://www.googleapis.com/auth/drive.readonly';

export interface GoogleOAuthClientOptions {
  clientId: string;
  clientSecret: string;
  /** Our callback, e.g. `${PUBLIC_URL}/api/v1/integrations/google/callback`. */
  redirectUri: string;
  /** Consent page. Default Google's. */
  authUrl?: string;
  /** Token endpoint (code exchange and refresh). Default Google's. */
  tokenUrl?: string;
  scopes?: readonly string[];
}

export interface GoogleTokens {
  accessToken: string;
  /** Only present when Google issued one (first consent, or `prompt=consent`). */
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
}

/** Google's OAuth 2.0 web flow for the Drive integration, on google-auth-library's OAuth2Client. */
export class GoogleOAuthClient {
  readonly tokenUrl: string;
  private readonly authUrl: string;
  private readonly scopes: readonly string[];

  constructor(private readonly options: GoogleOAuthClientOptions) {
    this.authUrl = options.authUrl ?? DEFAULT_GOOGLE_AUTH_URL;
    this.tokenUrl = options.tokenUrl ?? DEFAULT_GOOGLE_TOKEN_URL;
    this.scopes = options.scopes ?? [DRIVE_READONLY_SCOPE];
  }

  /** Where to send the user; `state` must be bound to their session and checked on return. */
  authorizationUrl(state: string): string {
    return this.createClient().generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [...this.scopes],
      include_granted_scopes: true,
      state,
    });
  }

  async exchangeCode(code: string): Promise<GoogleTokens> {
    try {
      const { tokens } = await this.createClient().getToken(code);
      return toGoogleTokens(tokens);
    } catch (error) {
      throw authFailure(error, 'Google refused the authorization code');
    }
  }

  async refresh(refreshToken: string): Promise<GoogleTokens> {
    const client = this.createClient();
    client.setCredentials({ refresh_token: refreshToken });
    try {
      await client.getAccessToken();
    } catch (error) {
      throw authFailure(error, 'Google refused the stored refresh token; reconnect Google Drive');
    }
    return { ...toGoogleTokens(client.credentials), refreshToken: client.credentials.refresh_token ?? refreshToken };
  }

  /** An SDK client for DriveClient: refreshes when the access token is expired or refused with 401. */
  createClient(): Auth.OAuth2Client {
    return new (googleAuth().OAuth2Client)({
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      redirectUri: this.options.redirectUri,
      endpoints: { oauth2AuthBaseUrl: this.authUrl, oauth2TokenUrl: this.tokenUrl },
      forceRefreshOnFailure: true,
    });
  }
}

export function toGoogleTokens(tokens: Auth.googleAuthLibrary.Credentials): GoogleTokens {
  if (!tokens.access_token) throw new DriveError('drive_auth_failed', 'Google answered without an access token');
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
    scopes: (tokens.scope ?? '').split(' ').filter((scope) => scope.length > 0),
  };
}

function authFailure(error: unknown, message: string): DriveError {
  if (error instanceof DriveError) return error;
  if (error instanceof Error && 'response' in error) {
    const failure = error as Error & { response?: { status?: number; data?: unknown } };
    const status = failure.response?.status ?? 0;
    if (status >= 500 || status === 0) return new DriveError('drive_upstream_error', 'Google sign-in is unavailable; try again later');
    const reason = (failure.response?.data as { error?: string } | undefined)?.error;
    return new DriveError('drive_auth_failed', message, reason ? { oauth_error: reason } : {});
  }
  return new DriveError('drive_upstream_error', 'Google sign-in is unavailable; try again later');
}
