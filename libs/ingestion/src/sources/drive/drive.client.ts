import { Logger } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
// Drive alone, not googleapis' index: that one loads every Google API client (~120 MB per process).
import type { drive_v3 } from 'googleapis/build/src/apis/drive/index.js';
import type * as Auth from 'googleapis-common';
import { lazyPackage } from '@app/shared';
import { DriveError } from './drive.error.js';
import {
  DEFAULT_GOOGLE_TOKEN_URL,
  DRIVE_READONLY_SCOPE,
  toGoogleTokens,
  type GoogleOAuthClient,
  type GoogleTokens,
} from './google-oauth.client.js';

export const DRIVE_MIME = {
  folder: 'application/vnd.google-apps.folder',
  shortcut: 'application/vnd.google-apps.shortcut',
  document: 'application/vnd.google-apps.document',
  spreadsheet: 'application/vnd.google-apps.spreadsheet',
  presentation: 'application/vnd.google-apps.presentation',
} as const;

/** Export formats tried in order for each Google-native type. */
const EXPORT_FORMATS: Readonly<Record<string, readonly string[]>> = {
  [DRIVE_MIME.document]: ['text/markdown', 'text/plain'],
  [DRIVE_MIME.presentation]: ['text/plain'],
  [DRIVE_MIME.spreadsheet]: ['text/csv'],
};

const LIST_FIELDS = 'nextPageToken, files(id, name, mimeType, modifiedTime, size, fileExtension, md5Checksum, parents)';

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

export type DriveCredentials =
  | {
      kind: 'oauth';
      oauth: GoogleOAuthClient;
      refreshToken: string;
      accessToken?: string | null;
      expiresAt?: Date | null;
      /** Called with each new access token, so the caller can store it (encrypted). */
      onTokens?: (tokens: GoogleTokens) => void;
    }
  | {
      kind: 'service_account';
      /** The key file's JSON (string or parsed). */
      key: string | ServiceAccountKey;
      /** Token endpoint; default the key's `token_uri`, else Google's. */
      tokenUrl?: string;
      /** Domain-wide delegation: act as this user. */
      subject?: string;
    };

export interface DriveClientOptions {
  /** Drive API root. Default `https://www.googleapis.com/`. */
  rootUrl?: string;
  pageSize?: number;
  /** Most entries one listing may return before it fails with `drive_folder_too_large`. */
  maxFiles?: number;
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  modifiedTime: string | null;
  size: number | null;
  fileExtension: string | null;
  md5Checksum: string | null;
  isFolder: boolean;
  /** Folder names from the listed folder down to this entry's parent, joined by `/` ('' at the top). */
  folderPath: string;
}

export interface ListFolderOptions {
  recursive?: boolean;
  resourceKey?: string | null;
}

export interface FetchFileOptions {
  /** Largest file written; larger ones fail with `drive_file_too_large` and leave nothing behind. */
  maxBytes?: number;
}

export interface FetchedFile {
  path: string;
  /** The type of what was written (the export format for Google-native files). */
  mimeType: string;
  bytes: number;
  exported: boolean;
}

/** Reads a user's Drive folders on googleapis' Drive v3 client, with either their OAuth grant or a service account. */
export class DriveClient {
  private readonly logger = new Logger(DriveClient.name);
  private readonly drive: drive_v3.Drive;
  private readonly pageSize: number;
  private readonly maxFiles: number;

  constructor(credentials: DriveCredentials, options: DriveClientOptions = {}) {
    this.drive = driveApi().drive({ version: 'v3', auth: createAuth(credentials), rootUrl: options.rootUrl ?? 'https://www.googleapis.com/' });
    this.pageSize = Math.min(Math.max(options.pageSize ?? 1000, 1), 1000);
    this.maxFiles = options.maxFiles ?? 10_000;
  }

  async getFolder(folderId: string, resourceKey?: string | null): Promise<DriveFile> {
    const response = await this.call(() =>
      this.drive.files.get(
        { fileId: folderId, supportsAllDrives: true, fields: 'id, name, mimeType, modifiedTime, size, fileExtension, md5Checksum' },
        { headers: resourceKeyHeader(folderId, resourceKey) },
      ),
    );
    const folder = toDriveFile(response.data, '');
    if (!folder.isFolder) throw new DriveError('drive_not_found', `Drive item ${folderId} is not a folder`, { folder_id: folderId });
    return folder;
  }

  /** Every entry of a folder (all pages); with `recursive`, of its subfolders too, each folder visited once. */
  async listFolder(folderId: string, options: ListFolderOptions = {}): Promise<DriveFile[]> {
    const started = Date.now();
    const entries: DriveFile[] = [];
    const visited = new Set<string>([folderId]);
    const queue: { id: string; path: string }[] = [{ id: folderId, path: '' }];
    let pages = 0;
    while (queue.length > 0) {
      const folder = queue.shift() as { id: string; path: string };
      let pageToken: string | undefined;
      do {
        const response = await this.call(() =>
          this.drive.files.list(
            {
              q: `'${escapeQueryValue(folder.id)}' in parents and trashed = false`,
              pageSize: this.pageSize,
              pageToken,
              fields: LIST_FIELDS,
              supportsAllDrives: true,
              includeItemsFromAllDrives: true,
              spaces: 'drive',
            },
            { headers: folder.id === folderId ? resourceKeyHeader(folderId, options.resourceKey) : {} },
          ),
        );
        pages += 1;
        for (const raw of response.data.files ?? []) {
          const entry = toDriveFile(raw, folder.path);
          entries.push(entry);
          if (entries.length > this.maxFiles) {
            throw new DriveError('drive_folder_too_large', `Drive folder has more than ${this.maxFiles} entries`, { folder_id: folderId });
          }
          if (options.recursive && entry.isFolder && !visited.has(entry.id)) {
            visited.add(entry.id);
            queue.push({ id: entry.id, path: entry.folderPath ? `${entry.folderPath}/${entry.name}` : entry.name });
          }
        }
        pageToken = response.data.nextPageToken ?? undefined;
      } while (pageToken);
    }
    this.logger.log({ msg: 'drive folder listed', folder_id: folderId, entries: entries.length, folders: visited.size, pages, duration_ms: Date.now() - started });
    return entries;
  }

  /** Writes a file's content to `path`: Google-native files exported to text, others downloaded as they are. */
  async fetchFile(file: Pick<DriveFile, 'id' | 'mimeType'>, path: string, options: FetchFileOptions = {}): Promise<FetchedFile> {
    const formats = EXPORT_FORMATS[file.mimeType];
    if (formats) {
      for (const [index, format] of formats.entries()) {
        try {
          const response = await this.call(() =>
            this.drive.files.export({ fileId: file.id, mimeType: format }, { responseType: 'stream' }),
          );
          const bytes = await this.write(response.data, path, options.maxBytes);
          return { path, mimeType: format, bytes, exported: true };
        } catch (error) {
          const unsupported = error instanceof DriveError && error.code === 'drive_export_unsupported';
          if (!unsupported || index === formats.length - 1) throw error;
        }
      }
    }
    if (file.mimeType.startsWith('application/vnd.google-apps.')) {
      throw new DriveError('drive_export_unsupported', `Drive files of type ${file.mimeType} cannot be imported`, { file_id: file.id });
    }
    const response = await this.call(() =>
      this.drive.files.get({ fileId: file.id, alt: 'media', supportsAllDrives: true }, { responseType: 'stream' }),
    );
    const bytes = await this.write(response.data, path, options.maxBytes);
    return { path, mimeType: file.mimeType, bytes, exported: false };
  }

  private async write(body: unknown, path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<number> {
    const source = body instanceof ReadableStream ? Readable.fromWeb(body as import('node:stream/web').ReadableStream) : (body as Readable);
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > maxBytes) callback(new DriveError('drive_file_too_large', `Drive file is larger than ${maxBytes} bytes`));
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(source, limit, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof DriveError) throw error;
      throw new DriveError('drive_upstream_error', 'Drive download was interrupted');
    }
    return bytes;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toDriveError(error);
    }
  }
}

/** Google's clients (~27 MiB) load with the first Drive request, not with the API process. */
const googleAuth = lazyPackage<typeof Auth>('googleapis-common');
const driveApi = lazyPackage<typeof import('googleapis/build/src/apis/drive/index.js')>('googleapis/build/src/apis/drive/index.js');

function createAuth(credentials: DriveCredentials): Auth.OAuth2Client {
  if (credentials.kind === 'oauth') {
    const client = credentials.oauth.createClient();
    client.setCredentials({
      refresh_token: credentials.refreshToken,
      access_token: credentials.accessToken ?? undefined,
      expiry_date: credentials.expiresAt?.getTime(),
    });
    const onTokens = credentials.onTokens;
    if (onTokens) client.on('tokens', (tokens) => onTokens(toGoogleTokens(tokens)));
    return client;
  }
  const key: ServiceAccountKey = typeof credentials.key === 'string' ? (JSON.parse(credentials.key) as ServiceAccountKey) : credentials.key;
  if (!key.client_email || !key.private_key) throw new Error('service account key needs client_email and private_key');
  const tokenUrl = credentials.tokenUrl ?? key.token_uri ?? DEFAULT_GOOGLE_TOKEN_URL;
  // The JWT grant goes through gtoken, which always posts to Google's token URL; move it onto ours.
  const transporter = new (googleAuth().gaxios.Gaxios)();
  if (tokenUrl !== DEFAULT_GOOGLE_TOKEN_URL) {
    transporter.interceptors.request.add({
      resolved: async (config) => {
        if (config.url.toString() === DEFAULT_GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
        return config;
      },
    });
  }
  return new (googleAuth().JWT)({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: [DRIVE_READONLY_SCOPE],
    subject: credentials.subject,
    // Two gaxios copies are installed; the JWT client only needs request interceptors from it.
    transporter: transporter as never,
  });
}

/** A gaxios error (several gaxios copies may be installed, so not checked with instanceof). */
interface HttpFailure extends Error {
  config: unknown;
  response?: { status: number; data?: unknown };
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return error instanceof Error && 'config' in error && 'response' in error;
}

function toDriveFile(raw: drive_v3.Schema$File, folderPath: string): DriveFile {
  const size = raw.size != null ? Number(raw.size) : null;
  return {
    id: raw.id ?? '',
    name: raw.name ?? '',
    mimeType: raw.mimeType ?? 'application/octet-stream',
    modifiedTime: raw.modifiedTime ?? null,
    size: size !== null && Number.isFinite(size) ? size : null,
    fileExtension: raw.fileExtension ?? null,
    md5Checksum: raw.md5Checksum ?? null,
    isFolder: raw.mimeType === DRIVE_MIME.folder,
    folderPath,
  };
}

function escapeQueryValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function resourceKeyHeader(fileId: string, resourceKey?: string | null): Record<string, string> {
  return resourceKey ? { 'X-Goog-Drive-Resource-Keys': `${fileId}/${resourceKey}` } : {};
}

function reasonOf(error: HttpFailure): string {
  const data = error.response?.data as { error?: string | { errors?: { reason?: string }[]; status?: string } } | string | undefined;
  let parsed = data;
  if (typeof data === 'string') {
    try {
      parsed = JSON.parse(data) as typeof data;
    } catch {
      return '';
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  if (typeof parsed.error === 'string') return parsed.error;
  return parsed.error?.errors?.[0]?.reason ?? parsed.error?.status ?? '';
}

function toDriveError(error: unknown): DriveError {
  if (error instanceof DriveError) return error;
  if (!isHttpFailure(error)) return new DriveError('drive_upstream_error', 'Google Drive could not be reached');
  const status = error.response?.status ?? 0;
  const reason = reasonOf(error);
  if (reason === 'invalid_grant' || reason === 'unauthorized_client' || status === 401) {
    return new DriveError('drive_auth_failed', 'Google refused the Drive credentials; reconnect Google Drive', { reason });
  }
  if (status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    return new DriveError('drive_rate_limited', 'Google Drive is rate-limiting requests; try again later');
  }
  if (reason === 'exportSizeLimitExceeded') return new DriveError('drive_file_too_large', 'Drive document is too large to export');
  if (status === 400 && /conversion|export|mimeType/i.test(`${reason} ${error.message}`)) {
    return new DriveError('drive_export_unsupported', 'Drive cannot export this document in the requested format');
  }
  if (status === 403) return new DriveError('drive_forbidden', 'Google Drive refused access to this item', { reason });
  if (status === 404) return new DriveError('drive_not_found', 'Drive item not found or not shared with this account');
  return new DriveError('drive_upstream_error', `Google Drive answered ${status || 'without a response'}`);
}
