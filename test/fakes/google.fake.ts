import { createHash, randomBytes, verify } from 'node:crypto';
import sharp from 'sharp';
import { HttpFake, type FakeReply, type FakeRequest } from './http.fake.js';

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

function driveError(reply: FakeReply, status: number, reason: string, message: string, apiStatus: string, headers: Record<string, string> = {}): void {
  reply.json(status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: apiStatus } }, headers);
}

/** Local stand-in for Google's OAuth token endpoint and the Drive v3 files API. */
export class FakeGoogle extends HttpFake<FakeGoogleRequest> {
  private readonly maxPageSize: number;
  private readonly expiresIn: number;
  private files: FakeFile[] = [];
  /** How many requests for one file's content are held until answered together (1: none held). */
  private gate = 1;
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly accessTokens = new Map<string, { expired: boolean }>();
  private readonly refreshTokens = new Set<string>();
  private readonly serviceAccounts = new Map<string, string>();

  constructor(options: FakeGoogleOptions = {}) {
    super();
    this.maxPageSize = options.maxPageSize ?? 3;
    this.expiresIn = options.expiresIn ?? 3599;
    this.route('POST', '/token', (request, reply) => this.token(formOf(request) ?? {}, reply));
    this.route('GET', '/drive/v3/files', (request, reply) => this.whenAuthorized(request, reply, () => this.list(request, reply)));
    this.route('GET', /^\/drive\/v3\/files\/(?<id>[^/]+)(?<export>\/export)?$/, (request, reply) =>
      this.whenAuthorized(request, reply, () => this.file(request, reply)),
    );
  }

  get authUrl(): string {
    return `${this.origin}/o/oauth2/v2/auth`;
  }

  get tokenUrl(): string {
    return `${this.origin}/token`;
  }

  get driveRootUrl(): string {
    return `${this.origin}/`;
  }

  /** A refresh token the fake accepts, as if a user had consented earlier. */
  issueRefreshToken(): string {
    const token = `1//fake-refresh-${randomBytes(12).toString('hex')}`;
    this.refreshTokens.add(token);
    return token;
  }

  /** A valid access token (for a client that starts with one). */
  issueAccessToken(): string {
    const token = `ya29.fake-${randomBytes(12).toString('hex')}`;
    this.accessTokens.set(token, { expired: false });
    return token;
  }

  /** Every access token issued so far answers 401 from now on. */
  expireAccessTokens(): void {
    this.accessTokens.forEach((state) => (state.expired = true));
  }

  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(token);
  }

  /** Edits a file as its owner would: new content (or export texts) and a newer modifiedTime. */
  modifyFile(id: string, change: { content?: Buffer; exports?: Record<string, string> }): void {
    const file = this.files.find((candidate) => candidate.id === id);
    if (!file) throw new Error(`the fake has no file ${id}`);
    Object.assign(file, change, { modifiedTime: new Date(Math.max(Date.parse(file.modifiedTime) + 1000, Date.now())).toISOString() });
  }

  /** Service accounts whose signed assertions the token endpoint accepts. */
  trustServiceAccount(email: string, publicKeyPem: string): void {
    this.serviceAccounts.set(email, publicKeyPem);
  }

  protected override record(request: FakeRequest): FakeGoogleRequest {
    return {
      method: request.method,
      path: request.path,
      query: request.query,
      form: formOf(request),
      authorization: request.headers.authorization,
      resourceKeys: request.headers['x-goog-drive-resource-keys'] as string | undefined,
    };
  }

  protected override notFound(_request: FakeRequest, reply: FakeReply): void {
    driveError(reply, 404, 'notFound', 'Not Found', 'NOT_FOUND');
  }

  protected override crashed(_request: FakeRequest, reply: FakeReply, error: unknown): void {
    driveError(reply, 500, 'backendError', String(error), 'INTERNAL');
  }

  private tokenAnswer(refreshToken?: string) {
    return {
      access_token: this.issueAccessToken(),
      expires_in: this.expiresIn,
      scope: FAKE_GOOGLE_SCOPE,
      token_type: 'Bearer',
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }

  private token(form: Record<string, string>, reply: FakeReply): void {
    const invalidGrant = (description: string) => reply.json(400, { error: 'invalid_grant', error_description: description });
    if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const [header, payload, signature] = (form.assertion ?? '').split('.');
      if (!header || !payload || !signature) return invalidGrant('Invalid JWT Signature.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; scope?: string; aud?: string; exp?: number };
      const publicKey = this.serviceAccounts.get(claims.iss ?? '');
      const valid = publicKey && verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
      if (!valid || claims.aud !== JWT_AUDIENCE || (claims.exp ?? 0) * 1000 < Date.now()) return invalidGrant('Invalid JWT Signature.');
      if (!(claims.scope ?? '').split(' ').includes(FAKE_GOOGLE_SCOPE)) return reply.json(400, { error: 'invalid_scope' });
      return reply.json(200, { access_token: this.issueAccessToken(), expires_in: this.expiresIn, token_type: 'Bearer' });
    }
    if (form.client_id !== FAKE_GOOGLE_CLIENT.id || form.client_secret !== FAKE_GOOGLE_CLIENT.secret) {
      return reply.json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    }
    if (form.grant_type === 'authorization_code') {
      if (form.code !== FAKE_GOOGLE_AUTH_CODE || !form.redirect_uri) return invalidGrant('Malformed auth code.');
      return reply.json(200, this.tokenAnswer(this.issueRefreshToken()));
    }
    if (form.grant_type === 'refresh_token') {
      if (!this.refreshTokens.has(form.refresh_token ?? '')) return invalidGrant('Token has been expired or revoked.');
      return reply.json(200, this.tokenAnswer());
    }
    return reply.json(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.grant_type ?? ''}` });
  }

  override async start(): Promise<this> {
    this.files = buildFiles(await fakePng(640, 480, { r: 180, g: 120, b: 60 }));
    return super.start();
  }

  /**
   * From now on a file's content (download or export) is answered only once `requests` requests
   * for it are waiting (or after 5 s), so concurrent imports all pass their checks before any
   * writes. 1 turns it off.
   */
  gateContent(requests: number): void {
    this.gate = requests;
    for (const id of [...this.waiting.keys()]) this.releaseAll(id);
  }

  private releaseAll(id: string): void {
    const queue = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    queue.forEach((release) => release());
  }

  private passGate(id: string): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.gate <= 1) return resolve();
      const queue = this.waiting.get(id) ?? [];
      queue.push(resolve);
      this.waiting.set(id, queue);
      if (queue.length >= this.gate) this.releaseAll(id);
      else setTimeout(() => this.releaseAll(id), 5000).unref();
    });
  }

  private async whenAuthorized(request: FakeRequest, reply: FakeReply, answer: () => void | Promise<void>): Promise<void> {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const state = token ? this.accessTokens.get(token) : undefined;
    if (state && !state.expired) return answer();
    driveError(
      reply,
      401,
      'authError',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      'UNAUTHENTICATED',
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    );
  }

  private list(request: FakeRequest, reply: FakeReply): void {
    const parent = /^'([^']+)' in parents and trashed ?= ?false$/.exec(request.query.q ?? '')?.[1];
    if (!parent) return driveError(reply, 400, 'invalid', 'Invalid Value', 'INVALID_ARGUMENT');
    const children = this.files.filter((file) => file.parents.includes(parent));
    const offset = Number(Buffer.from(request.query.pageToken ?? '', 'base64url').toString() || '0');
    const pageSize = Math.min(Number(request.query.pageSize ?? 100), this.maxPageSize);
    const page = children.slice(offset, offset + pageSize);
    const next = offset + pageSize < children.length ? Buffer.from(String(offset + pageSize)).toString('base64url') : undefined;
    reply.json(200, { kind: 'drive#fileList', incompleteSearch: false, files: page.map(fileResource), ...(next ? { nextPageToken: next } : {}) });
  }

  private async file(request: FakeRequest, reply: FakeReply): Promise<void> {
    const file = this.files.find((candidate) => candidate.id === request.params.id);
    if (!file) return driveError(reply, 404, 'notFound', `File not found: ${request.params.id}.`, 'NOT_FOUND');
    if (request.params.export) {
      const wanted = request.query.mimeType ?? '';
      const content = file.exports?.[wanted];
      if (content === undefined) return driveError(reply, 400, 'badRequest', 'The requested conversion is not supported.', 'INVALID_ARGUMENT');
      await this.passGate(file.id);
      return reply.send(200, content, wanted);
    }
    if (request.query.alt === 'media') {
      if (!file.content) return driveError(reply, 403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', 'PERMISSION_DENIED');
      await this.passGate(file.id);
      return reply.send(200, file.content, file.mimeType);
    }
    reply.json(200, fileResource(file));
  }
}

/** A form-encoded body as flat fields (undefined for any other body). */
function formOf(request: FakeRequest): Record<string, string> | undefined {
  return request.headers['content-type']?.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(request.raw.toString('utf8'))) : undefined;
}

export function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  return new FakeGoogle(options).start();
}
