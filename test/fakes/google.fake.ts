import { createHash, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export const FAKE_GOOGLE_CLIENT = { id: 'fake-client-id.apps.googleusercontent.com', secret: 'fake-client-secret' } as const;
export const FAKE_GOOGLE_AUTH_CODE = '4/0AfakeAuthorizationCode';
export const FAKE_GOOGLE_SCOPE = 'https://www.googleapis.com/auth/drive.readonly';
/** gtoken signs its assertion for this audience whatever URL it is posted to. */
const JWT_AUDIENCE = 'https://oauth2.googleapis.com/token';

const DOC = 'application/vnd.google-apps.document';
const FOLDER = 'application/vnd.google-apps.folder';

/** Ids of the Drive tree the fake serves. */
export const FAKE_DRIVE = {
  root: 'fOlDeRrOoT0001',
  docWelcome: 'dOcWeLcOmE01',
  docPlainOnly: 'dOcPlAiNoNlY',
  slides: 'sLiDeSdEcK01',
  sheet: 'sHeEtBuDgEt1',
  pdf: 'pDfBrOcHuRe1',
  form: 'fOrMsUrVeY01',
  drafts: 'fOlDeRsUb001',
  notesTxt: 'tXtNoTeS0001',
  loop: 'fOlDeRlOoP01',
  readme: 'mDrEaDmE0001',
  /** A folder outside the root: an image, a Google Doc and a text file of two words. */
  album: 'fOlDeRaLbUm1',
  photo: 'iMgLoAf00001',
  recipe: 'dOcReCiPe001',
  caption: 'tXtCaPtIoN01',
} as const;

const F = FAKE_DRIVE;

interface FakeFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  modifiedTime: string;
  content?: Buffer;
  exports?: Record<string, string>;
}

export const FAKE_PDF_BYTES = Buffer.concat([Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1'), randomBytes(64 * 1024), Buffer.from('\n%%EOF\n')]);

/** A small PNG drawn with sharp, one colour per call site, so a changed image has other bytes. */
export function fakePng(width: number, height: number, rgb: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: rgb } }).png().toBuffer();
}

function buildFiles(photo: Buffer): FakeFile[] {
  const t = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:30:00.000Z`;
  const welcome = 'this is our plan for the spring launch: we bake every morning, sell at the market on Saturday, and write about what we learn each week.';
  return [
    { id: F.docWelcome, name: 'Welcome', mimeType: DOC, parents: [F.root], modifiedTime: t(2), exports: { 'text/markdown': `# Welcome\n\nHello **team**, ${welcome}\n`, 'text/plain': `Welcome\n\nHello team, ${welcome}\n` } },
    { id: F.docPlainOnly, name: 'Legacy memo', mimeType: DOC, parents: [F.root], modifiedTime: t(3), exports: { 'text/plain': 'Legacy memo body. The old oven stays until March; after that the new deck oven takes over the bread and the pastry.\n' } },
    { id: F.slides, name: 'Launch deck', mimeType: 'application/vnd.google-apps.presentation', parents: [F.root], modifiedTime: t(4), exports: { 'text/plain': 'Launch\n\nWe open the bakery on the first of April.\n\nSlide two\n\nThree breads, two pastries and one good coffee to start with.\n' } },
    { id: F.sheet, name: 'Budget', mimeType: 'application/vnd.google-apps.spreadsheet', parents: [F.root], modifiedTime: t(5), exports: { 'text/csv': 'item,cost,notes\nflour,12,organic wheat from the mill\nwater,0,from the tap\nsalt,1,sea salt\nyeast,3,fresh not dried\nbutter,9,for the pastry only\n' } },
    { id: F.pdf, name: 'brochure.pdf', mimeType: 'application/pdf', parents: [F.root], modifiedTime: t(6), content: FAKE_PDF_BYTES },
    { id: F.form, name: 'Survey', mimeType: 'application/vnd.google-apps.form', parents: [F.root], modifiedTime: t(7) },
    { id: F.drafts, name: 'Drafts', mimeType: FOLDER, parents: [F.root], modifiedTime: t(8) },
    { id: F.notesTxt, name: 'notes.txt', mimeType: 'text/plain', parents: [F.drafts], modifiedTime: t(9), content: Buffer.from('plain notes\n\nProof the dough overnight in the fridge, then shape it cold; it holds its form better and scores more cleanly.\n') },
    { id: F.loop, name: 'Loop', mimeType: FOLDER, parents: [F.drafts], modifiedTime: t(10) },
    { id: F.readme, name: 'README.md', mimeType: 'text/markdown', parents: [F.loop], modifiedTime: t(11), content: Buffer.from('# Readme\n\nThis folder keeps the drafts of our weekly posts. Each file is one post; the newest one is at the top of the list.\n') },
    // The root listed again inside its own descendant: Drive allows several parents, so a walk must guard against cycles.
    { id: F.root, name: 'Marketing', mimeType: FOLDER, parents: [F.loop, 'sharedDriveRoot'], modifiedTime: t(1) },
    { id: F.album, name: 'Album', mimeType: FOLDER, parents: ['sharedDriveRoot'], modifiedTime: t(12) },
    { id: F.photo, name: 'loaf.png', mimeType: 'image/png', parents: [F.album], modifiedTime: t(13), content: photo },
    {
      id: F.recipe,
      name: 'Recipe',
      mimeType: DOC,
      parents: [F.album],
      modifiedTime: t(14),
      exports: { 'text/markdown': '# Country loaf\n\nMix 500 g flour with 350 g water and rest it for an hour. Add salt and starter, fold four times, then shape and proof overnight.\n' },
    },
    { id: F.caption, name: 'caption.txt', mimeType: 'text/plain', parents: [F.album], modifiedTime: t(15), content: Buffer.from('Crumb shot.\n') },
  ];
}

export interface FakeGoogleRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form?: Record<string, string>;
  authorization?: string;
  resourceKeys?: string;
}

export interface FakeGoogleOptions {
  /** Largest page the fake returns, whatever pageSize asks (Drive may return fewer than asked). */
  maxPageSize?: number;
  /** Seconds an issued access token lives. */
  expiresIn?: number;
}

export interface FakeGoogle {
  url: string;
  authUrl: string;
  tokenUrl: string;
  driveRootUrl: string;
  requests: FakeGoogleRequest[];
  /** A refresh token the fake accepts, as if a user had consented earlier. */
  issueRefreshToken(): string;
  /** A valid access token (for a client that starts with one). */
  issueAccessToken(): string;
  /** Every access token issued so far answers 401 from now on. */
  expireAccessTokens(): void;
  revokeRefreshToken(token: string): void;
  /** Edits a file as its owner would: new content (or export texts) and a newer modifiedTime. */
  modifyFile(id: string, change: { content?: Buffer; exports?: Record<string, string> }): void;
  /** Service accounts whose signed assertions the token endpoint accepts. */
  trustServiceAccount(email: string, publicKeyPem: string): void;
  /**
   * From now on a file's content (download or export) is answered only once `requests` requests
   * for it are waiting (or after 5 s), so concurrent imports all pass their checks before any
   * writes. 1 turns it off.
   */
  gateContent(requests: number): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function driveError(response: ServerResponse, status: number, reason: string, message: string, apiStatus: string): void {
  send(response, status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: apiStatus } });
}

function fileResource(file: FakeFile): Record<string, unknown> {
  const dot = file.name.lastIndexOf('.');
  return {
    kind: 'drive#file',
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parents: file.parents,
    modifiedTime: file.modifiedTime,
    ...(file.content
      ? {
          size: String(file.content.length),
          md5Checksum: createHash('md5').update(file.content).digest('hex'),
          ...(dot > 0 ? { fileExtension: file.name.slice(dot + 1) } : {}),
        }
      : {}),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Local stand-in for Google's OAuth token endpoint and the Drive v3 files API. */
export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const maxPageSize = options.maxPageSize ?? 3;
  const expiresIn = options.expiresIn ?? 3599;
  const files = buildFiles(await fakePng(640, 480, { r: 180, g: 120, b: 60 }));
  let gate = 1;
  const waiting = new Map<string, (() => void)[]>();
  const releaseAll = (id: string) => {
    const queue = waiting.get(id) ?? [];
    waiting.delete(id);
    queue.forEach((release) => release());
  };
  const passGate = (id: string) =>
    new Promise<void>((resolve) => {
      if (gate <= 1) return resolve();
      const queue = waiting.get(id) ?? [];
      queue.push(resolve);
      waiting.set(id, queue);
      if (queue.length >= gate) releaseAll(id);
      else setTimeout(() => releaseAll(id), 5000).unref();
    });
  const requests: FakeGoogleRequest[] = [];
  const accessTokens = new Map<string, { expired: boolean }>();
  const refreshTokens = new Set<string>();
  const serviceAccounts = new Map<string, string>();

  const issueAccessToken = () => {
    const token = `ya29.fake-${randomBytes(12).toString('hex')}`;
    accessTokens.set(token, { expired: false });
    return token;
  };
  const issueRefreshToken = () => {
    const token = `1//fake-refresh-${randomBytes(12).toString('hex')}`;
    refreshTokens.add(token);
    return token;
  };
  const tokenAnswer = (refreshToken?: string) => ({
    access_token: issueAccessToken(),
    expires_in: expiresIn,
    scope: FAKE_GOOGLE_SCOPE,
    token_type: 'Bearer',
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  });

  const handleToken = (form: Record<string, string>, response: ServerResponse) => {
    const invalidGrant = (description: string) => send(response, 400, { error: 'invalid_grant', error_description: description });
    if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const [header, payload, signature] = (form.assertion ?? '').split('.');
      if (!header || !payload || !signature) return invalidGrant('Invalid JWT Signature.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; scope?: string; aud?: string; exp?: number };
      const publicKey = serviceAccounts.get(claims.iss ?? '');
      const valid = publicKey && verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
      if (!valid || claims.aud !== JWT_AUDIENCE || (claims.exp ?? 0) * 1000 < Date.now()) return invalidGrant('Invalid JWT Signature.');
      if (!(claims.scope ?? '').split(' ').includes(FAKE_GOOGLE_SCOPE)) return send(response, 400, { error: 'invalid_scope' });
      return send(response, 200, { access_token: issueAccessToken(), expires_in: expiresIn, token_type: 'Bearer' });
    }
    if (form.client_id !== FAKE_GOOGLE_CLIENT.id || form.client_secret !== FAKE_GOOGLE_CLIENT.secret) {
      return send(response, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    }
    if (form.grant_type === 'authorization_code') {
      if (form.code !== FAKE_GOOGLE_AUTH_CODE || !form.redirect_uri) return invalidGrant('Malformed auth code.');
      return send(response, 200, tokenAnswer(issueRefreshToken()));
    }
    if (form.grant_type === 'refresh_token') {
      if (!refreshTokens.has(form.refresh_token ?? '')) return invalidGrant('Token has been expired or revoked.');
      return send(response, 200, tokenAnswer());
    }
    return send(response, 400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.grant_type ?? ''}` });
  };

  const handleDrive = async (url: URL, request: IncomingMessage, response: ServerResponse) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const state = token ? accessTokens.get(token) : undefined;
    if (!state || state.expired) {
      response.setHeader('www-authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return driveError(response, 401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'UNAUTHENTICATED');
    }
    if (url.pathname === '/drive/v3/files') {
      const parent = /^'([^']+)' in parents and trashed ?= ?false$/.exec(url.searchParams.get('q') ?? '')?.[1];
      if (!parent) return driveError(response, 400, 'invalid', 'Invalid Value', 'INVALID_ARGUMENT');
      const children = files.filter((file) => file.parents.includes(parent));
      const offset = Number(Buffer.from(url.searchParams.get('pageToken') ?? '', 'base64url').toString() || '0');
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 100), maxPageSize);
      const page = children.slice(offset, offset + pageSize);
      const next = offset + pageSize < children.length ? Buffer.from(String(offset + pageSize)).toString('base64url') : undefined;
      return send(response, 200, { kind: 'drive#fileList', incompleteSearch: false, files: page.map(fileResource), ...(next ? { nextPageToken: next } : {}) });
    }
    const match = /^\/drive\/v3\/files\/([^/]+)(\/export)?$/.exec(url.pathname);
    const file = match ? files.find((candidate) => candidate.id === match[1]) : undefined;
    if (!match || !file) return driveError(response, 404, 'notFound', `File not found: ${match?.[1] ?? ''}.`, 'NOT_FOUND');
    if (match[2]) {
      const wanted = url.searchParams.get('mimeType') ?? '';
      const content = file.exports?.[wanted];
      if (content === undefined) return driveError(response, 400, 'badRequest', 'The requested conversion is not supported.', 'INVALID_ARGUMENT');
      await passGate(file.id);
      response.writeHead(200, { 'content-type': wanted, 'content-length': Buffer.byteLength(content) });
      return response.end(content);
    }
    if (url.searchParams.get('alt') === 'media') {
      if (!file.content) return driveError(response, 403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', 'PERMISSION_DENIED');
      await passGate(file.id);
      response.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.content.length });
      return response.end(file.content);
    }
    return send(response, 200, fileResource(file));
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://fake.google');
      const raw = await readBody(request);
      const form = request.headers['content-type']?.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : undefined;
      requests.push({ method: request.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), form, authorization: request.headers.authorization, resourceKeys: request.headers['x-goog-drive-resource-keys'] as string | undefined });
      if (request.method === 'POST' && url.pathname === '/token') return handleToken(form ?? {}, response);
      if (request.method === 'GET' && url.pathname.startsWith('/drive/v3/files')) return handleDrive(url, request, response);
      return driveError(response, 404, 'notFound', 'Not Found', 'NOT_FOUND');
    })().catch((error: unknown) => driveError(response, 500, 'backendError', String(error), 'INTERNAL'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    authUrl: `${url}/o/oauth2/v2/auth`,
    tokenUrl: `${url}/token`,
    driveRootUrl: `${url}/`,
    requests,
    issueRefreshToken,
    issueAccessToken,
    expireAccessTokens: () => accessTokens.forEach((state) => (state.expired = true)),
    revokeRefreshToken: (token) => void refreshTokens.delete(token),
    modifyFile: (id, change) => {
      const file = files.find((candidate) => candidate.id === id);
      if (!file) throw new Error(`the fake has no file ${id}`);
      Object.assign(file, change, { modifiedTime: new Date(Math.max(Date.parse(file.modifiedTime) + 1000, Date.now())).toISOString() });
    },
    trustServiceAccount: (email, publicKeyPem) => void serviceAccounts.set(email, publicKeyPem),
    gateContent: (requests) => {
      gate = requests;
      for (const id of [...waiting.keys()]) releaseAll(id);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
