import { Logger } from '@nestjs/common';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FAKE_DRIVE as F,
  FAKE_GOOGLE_CLIENT,
  FAKE_PDF_BYTES,
  startFakeGoogle,
  type FakeGoogle,
} from '../../../../../test/fakes/google.fake.js';
import { DriveClient, DRIVE_MIME, type DriveCredentials } from './drive.client.js';
import { ERROR_STATUS } from '../../../../../apps/api/src/http/error-status.js';
import { DriveError } from './drive.error.js';
import { GoogleOAuthClient, type GoogleTokens } from './google-oauth.client.js';

describe('DriveClient', () => {
  let fake: FakeGoogle;
  let oauth: GoogleOAuthClient;
  let dir: string;

  const oauthClient = (overrides: Partial<Extract<DriveCredentials, { kind: 'oauth' }>> = {}) =>
    new DriveClient(
      { kind: 'oauth', oauth, refreshToken: fake.issueRefreshToken(), accessToken: fake.issueAccessToken(), expiresAt: new Date(Date.now() + 3600_000), ...overrides },
      { rootUrl: fake.driveRootUrl },
    );

  beforeAll(async () => {
    Logger.overrideLogger(false);
    fake = await startFakeGoogle({ maxPageSize: 3 });
    oauth = new GoogleOAuthClient({ clientId: FAKE_GOOGLE_CLIENT.id, clientSecret: FAKE_GOOGLE_CLIENT.secret, redirectUri: 'http://localhost/cb', authUrl: fake.authUrl, tokenUrl: fake.tokenUrl });
    dir = await mkdtemp(join(tmpdir(), 'drive-client-'));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const listRequests = () => fake.requests.filter((r) => r.path === '/drive/v3/files');

  it('lists a folder across pages, asking for shared drives and the fields it needs', async () => {
    const entries = await oauthClient().listFolder(F.root);
    expect(entries.map((e) => e.id)).toEqual([F.docWelcome, F.docPlainOnly, F.slides, F.sheet, F.pdf, F.form, F.drafts]);
    const requests = listRequests();
    expect(requests).toHaveLength(3);
    expect(requests[0]!.query.pageToken).toBeUndefined();
    expect(requests[1]!.query.pageToken).toBeDefined();
    for (const request of requests) {
      expect(request.query).toMatchObject({
        q: `'${F.root}' in parents and trashed = false`,
        supportsAllDrives: 'true',
        includeItemsFromAllDrives: 'true',
      });
      expect(request.query.fields).toEqual(expect.stringContaining('files(id, name, mimeType, modifiedTime, size, fileExtension, md5Checksum'));
      expect(request.query.fields).toContain('nextPageToken');
    }
    expect(entries.find((e) => e.id === F.pdf)).toEqual({
      id: F.pdf,
      name: 'brochure.pdf',
      mimeType: 'application/pdf',
      modifiedTime: '2026-11-06T09:30:00.000Z',
      size: FAKE_PDF_BYTES.length,
      fileExtension: 'pdf',
      md5Checksum: createHash('md5').update(FAKE_PDF_BYTES).digest('hex'),
      isFolder: false,
      folderPath: '',
    });
    expect(entries.find((e) => e.id === F.drafts)).toMatchObject({ isFolder: true, size: null });
  });

  it('walks subfolders when recursive, visiting each folder once even through a cycle', async () => {
    const entries = await oauthClient().listFolder(F.root, { recursive: true });
    const byId = new Map(entries.map((e) => [e.id, e]));
    expect(byId.get(F.notesTxt)).toMatchObject({ folderPath: 'Drafts', name: 'notes.txt' });
    expect(byId.get(F.readme)).toMatchObject({ folderPath: 'Drafts/Loop', name: 'README.md' });
    expect(byId.get(F.root)).toMatchObject({ folderPath: 'Drafts/Loop', isFolder: true });
    const listedParents = listRequests().map((r) => /'([^']+)'/.exec(r.query.q!)![1]);
    expect(new Set(listedParents)).toEqual(new Set([F.root, F.drafts, F.loop]));
    expect(listedParents.filter((id) => id === F.root)).toHaveLength(3);
  });

  it('sends the resource key of a link-shared folder', async () => {
    await oauthClient().listFolder(F.drafts, { resourceKey: '0-abcDEF', recursive: true });
    const [top, sub] = listRequests();
    expect(top!.resourceKeys).toBe(`${F.drafts}/0-abcDEF`);
    expect(sub!.resourceKeys).toBeUndefined();
  });

  it('stops a listing that exceeds maxFiles', async () => {
    const client = new DriveClient(
      { kind: 'oauth', oauth, refreshToken: fake.issueRefreshToken(), accessToken: fake.issueAccessToken() },
      { rootUrl: fake.driveRootUrl, maxFiles: 4 },
    );
    await expect(client.listFolder(F.root)).rejects.toMatchObject({ code: 'drive_folder_too_large' });
  });

  it.each([
    ['a Google Doc as Markdown', F.docWelcome, DRIVE_MIME.document, 'text/markdown', /^# Welcome\n\nHello \*\*team\*\*, this is our plan/],
    ['a Google Doc as plain text when Markdown export is refused', F.docPlainOnly, DRIVE_MIME.document, 'text/plain', /^Legacy memo body\./],
    ['Slides as plain text', F.slides, DRIVE_MIME.presentation, 'text/plain', /^Launch\n\n.*\n\nSlide two\n/],
    ['a Sheet as CSV', F.sheet, DRIVE_MIME.spreadsheet, 'text/csv', /^item,cost,notes\nflour,12,/],
  ])('exports %s', async (_case, id, mimeType, format, content) => {
    const path = join(dir, `${id}.out`);
    const fetched = await oauthClient().fetchFile({ id, mimeType }, path);
    const written = await readFile(path, 'utf8');
    expect(written).toMatch(content);
    expect(fetched).toEqual({ path, mimeType: format, bytes: Buffer.byteLength(written), exported: true });
    const exports = fake.requests.filter((r) => r.path.endsWith('/export'));
    expect(exports.at(-1)).toMatchObject({ path: `/drive/v3/files/${id}/export`, query: { mimeType: format } });
    expect(fake.requests.some((r) => r.query.alt === 'media')).toBe(false);
  });

  it('downloads other files with alt=media as a stream to the path', async () => {
    const path = join(dir, 'brochure.pdf');
    const fetched = await oauthClient().fetchFile({ id: F.pdf, mimeType: 'application/pdf' }, path);
    expect(fetched).toEqual({ path, mimeType: 'application/pdf', bytes: FAKE_PDF_BYTES.length, exported: false });
    expect((await readFile(path)).equals(FAKE_PDF_BYTES)).toBe(true);
    expect(fake.requests).toEqual([expect.objectContaining({ path: `/drive/v3/files/${F.pdf}`, query: expect.objectContaining({ alt: 'media', supportsAllDrives: 'true' }) })]);
  });

  it('refuses a file over maxBytes and leaves nothing behind', async () => {
    const path = join(dir, 'too-big.pdf');
    await expect(oauthClient().fetchFile({ id: F.pdf, mimeType: 'application/pdf' }, path, { maxBytes: 1024 })).rejects.toMatchObject({ code: 'drive_file_too_large' });
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it('refuses Google-native types it cannot export', async () => {
    const error = await oauthClient().fetchFile({ id: F.form, mimeType: 'application/vnd.google-apps.form' }, join(dir, 'form')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriveError);
    expect(error).toMatchObject({ code: 'drive_export_unsupported' });
    expect(ERROR_STATUS[(error as DriveError).code]).toBe(415);
  });

  it('maps a missing file to drive_not_found', async () => {
    await expect(oauthClient().getFolder('nOsUcHfOlDeR01')).rejects.toMatchObject({ code: 'drive_not_found' });
    expect(ERROR_STATUS.drive_not_found).toBe(404);
    await expect(oauthClient().getFolder(F.drafts)).resolves.toMatchObject({ id: F.drafts, name: 'Drafts', isFolder: true });
  });

  it('refreshes an access token that is past its expiry before calling Drive', async () => {
    const seen: GoogleTokens[] = [];
    const client = oauthClient({ expiresAt: new Date(Date.now() - 1000), onTokens: (tokens) => seen.push(tokens) });
    await client.getFolder(F.drafts);
    expect(fake.requests.map((r) => r.path)).toEqual(['/token', `/drive/v3/files/${F.drafts}`]);
    expect(seen).toHaveLength(1);
    expect(fake.requests[1]!.authorization).toBe(`Bearer ${seen[0]!.accessToken}`);
  });

  it('refreshes once and retries when Drive answers 401 for an access token it thought valid', async () => {
    const client = oauthClient();
    fake.expireAccessTokens();
    const entries = await client.listFolder(F.drafts);
    expect(entries.map((e) => e.id)).toEqual([F.notesTxt, F.loop]);
    expect(fake.requests.map((r) => r.path)).toEqual(['/drive/v3/files', '/token', '/drive/v3/files']);
    expect(fake.requests[1]!.form).toMatchObject({ grant_type: 'refresh_token' });
  });

  it('fails with drive_auth_failed when the refresh token was revoked', async () => {
    const refreshToken = fake.issueRefreshToken();
    fake.revokeRefreshToken(refreshToken);
    const client = oauthClient({ refreshToken, accessToken: null, expiresAt: null });
    await expect(client.listFolder(F.root)).rejects.toMatchObject({ code: 'drive_auth_failed', retryable: false });
  });

  it('authenticates as a service account with a signed JWT against the configured token URL', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = 'importer@scriptorium-test.iam.gserviceaccount.com';
    fake.trustServiceAccount(email, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const key = JSON.stringify({
      type: 'service_account',
      project_id: 'scriptorium-test',
      private_key_id: 'fake-key-id',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: '100000000000000000001',
      token_uri: 'https://oauth2.googleapis.com/token',
    });
    const client = new DriveClient({ kind: 'service_account', key, tokenUrl: fake.tokenUrl }, { rootUrl: fake.driveRootUrl });
    const entries = await client.listFolder(F.drafts);
    expect(entries).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({ path: '/token', form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' } });
    expect(fake.requests[1]!.authorization).toMatch(/^Bearer ya29\.fake-/);
  });
});
