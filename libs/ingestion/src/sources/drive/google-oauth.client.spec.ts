import { FAKE_GOOGLE_AUTH_CODE, FAKE_GOOGLE_CLIENT, startFakeGoogle, type FakeGoogle } from '../../../../../test/fakes/google.fake.js';
import { ERROR_STATUS } from '../../../../../apps/api/src/http/error-status.js';
import { DriveError } from './drive.error.js';
import { DRIVE_READONLY_SCOPE, GoogleOAuthClient } from './google-oauth.client.js';

describe('GoogleOAuthClient', () => {
  let fake: FakeGoogle;
  let oauth: GoogleOAuthClient;
  const redirectUri = 'http://localhost:3000/api/v1/integrations/google/callback';

  beforeAll(async () => {
    fake = await startFakeGoogle();
    oauth = new GoogleOAuthClient({ clientId: FAKE_GOOGLE_CLIENT.id, clientSecret: FAKE_GOOGLE_CLIENT.secret, redirectUri, authUrl: fake.authUrl, tokenUrl: fake.tokenUrl });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('builds a consent URL on the configured endpoint for offline, read-only Drive access', () => {
    const url = new URL(oauth.authorizationUrl('state-123'));
    expect(`${url.origin}${url.pathname}`).toBe(fake.authUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      scope: DRIVE_READONLY_SCOPE,
      state: 'state-123',
      response_type: 'code',
      client_id: FAKE_GOOGLE_CLIENT.id,
      redirect_uri: redirectUri,
    });
  });

  it('exchanges an authorization code for access and refresh tokens', async () => {
    const before = Date.now();
    const tokens = await oauth.exchangeCode(FAKE_GOOGLE_AUTH_CODE);
    expect(tokens.accessToken).toMatch(/^ya29\.fake-/);
    expect(tokens.refreshToken).toMatch(/^1\/\/fake-refresh-/);
    expect(tokens.scopes).toEqual([DRIVE_READONLY_SCOPE]);
    expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3590_000);
    expect(fake.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/token', form: expect.objectContaining({ grant_type: 'authorization_code', code: FAKE_GOOGLE_AUTH_CODE, redirect_uri: redirectUri }) }),
    ]);
  });

  it('refuses an unknown code with drive_auth_failed', async () => {
    const error = await oauth.exchangeCode('4/0Aforged').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriveError);
    expect(error).toMatchObject({ code: 'drive_auth_failed', retryable: false, details: { oauth_error: 'invalid_grant' } });
  });

  it('refreshes an access token and keeps the refresh token it was given', async () => {
    const refreshToken = fake.issueRefreshToken();
    const tokens = await oauth.refresh(refreshToken);
    expect(tokens.accessToken).toMatch(/^ya29\.fake-/);
    expect(tokens.refreshToken).toBe(refreshToken);
    expect(fake.requests[0]!.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: FAKE_GOOGLE_CLIENT.id });
  });

  it('reports a revoked refresh token as drive_auth_failed', async () => {
    const refreshToken = fake.issueRefreshToken();
    fake.revokeRefreshToken(refreshToken);
    await expect(oauth.refresh(refreshToken)).rejects.toMatchObject({ code: 'drive_auth_failed' });
    expect(ERROR_STATUS.drive_auth_failed).toBe(424);
  });
});
