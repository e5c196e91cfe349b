// What apps, libs/ai and tests use of libs/ingestion; everything else stays inside the lib.
export { IngestionModule } from './ingestion.module.js';
export { DEFAULT_DOCUMENT_MAX_CHARS, ingestionConfig } from './ingestion.config.js';
export { MEDIA_URL_TTL_MAX_S, MEDIA_URL_TTL_MIN_S, storageConfig } from './storage/storage.config.js';
export { Document, SOURCE_TYPES, TRANSCRIPTION_STATUSES, type SourceType } from './documents/document.entity.js';
export { Media, type MediaVariant } from './documents/media.entity.js';
export { DocumentsService } from './documents/documents.service.js';
export { UploadReceiver } from './documents/upload-receiver.js';
export { STORAGE, type FileStorage } from './storage/file-storage.js';
export { ImageError } from './images/image.error.js';
export { ImageOptimizer } from './images/image.optimizer.js';
export { MediaService, type MediaFile } from './media/media.service.js';
export { MediaUrls, ORIGINAL_VARIANT, variantName } from './media/media-urls.js';
export { YouTubeIngester, type IngestYouTubeInput } from './sources/youtube/youtube.ingester.js';
export { parseYouTubeVideoId } from './sources/youtube/youtube-url.js';
export { INTEGRATION_PROVIDERS, Integration, type IntegrationProvider } from './sources/drive/integration.entity.js';
export { IntegrationsService } from './sources/drive/integrations.service.js';
export { parseDriveFolderUrl } from './sources/drive/drive-folder-url.js';
