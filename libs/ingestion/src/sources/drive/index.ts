export {
  DRIVE_MIME,
  DriveClient,
  type DriveClientOptions,
  type DriveCredentials,
  type DriveFile,
  type FetchedFile,
  type FetchFileOptions,
  type ListFolderOptions,
  type ServiceAccountKey,
} from './drive.client.js';
export { DriveError, type DriveErrorCode } from './drive.error.js';
export { parseDriveFolderId, parseDriveFolderUrl, type DriveFolderRef } from './drive-folder-url.js';
export {
  DEFAULT_GOOGLE_AUTH_URL,
  DEFAULT_GOOGLE_TOKEN_URL,
  DRIVE_READONLY_SCOPE,
  GoogleOAuthClient,
  type GoogleOAuthClientOptions,
  type GoogleTokens,
} from './google-oauth.client.js';
export { TokenCipher, TokenDecryptionError } from './token-cipher.js';
export { DRIVE_OPTIONS, type DriveOptions } from './drive.options.js';
export { IngestDriveFolderHandler, type DriveFileOutcome, type IngestDriveFolderInput } from './ingest-drive-folder.handler.js';
export { INTEGRATION_PROVIDERS, Integration, type IntegrationProvider } from './integration.entity.js';
export { IntegrationsService } from './integrations.service.js';
