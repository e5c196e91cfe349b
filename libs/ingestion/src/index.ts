export { IngestionModule } from './ingestion.module.js';
export { DEFAULT_DOCUMENT_MAX_CHARS, ingestionConfig } from './ingestion.config.js';
export { Document, SOURCE_TYPES, TRANSCRIPTION_STATUSES, type SourceType, type TranscriptionStatus as DocumentTranscriptionStatus } from './documents/document.entity.js';
export { Media, type MediaVariant } from './documents/media.entity.js';
export { DocumentsService, type DocumentChanges, type DocumentListFilter, type NewDocument } from './documents/documents.service.js';
export { FileIngester, type FileSource } from './documents/file.ingester.js';
export { deriveTitle } from './documents/document-title.js';
export { UploadReceiver, type ReceivedFile } from './documents/upload-receiver.js';
export { IngestUploadHandler, type FileOutcome } from './documents/ingest-upload.handler.js';
export * from './extractors/index.js';
export * from './storage/index.js';
export * from './images/index.js';
export {
  AUDIO_SEGMENTER_OPTIONS,
  AudioSegmenter,
  TRANSCRIPTION_OPTIONS,
  TRANSCRIPTION_UNAVAILABLE_MESSAGE,
  Transcriber,
  TranscriptionAvailability,
  TranscriptionError,
  type Transcript,
  type TranscriptionOptions,
} from './transcription/index.js';
export {
  IngestYouTubeHandler,
  YOUTUBE_ERROR_STATUS,
  YouTubeError,
  YouTubeTranscriptClient,
  isYouTubeVideoId,
  parseYouTubeVideoId,
  YouTubeIngester,
  type IngestYouTubeInput,
  type YouTubeIngestResult,
  type YouTubeErrorCode,
  type YouTubeTranscript,
} from './sources/youtube/index.js';
export * from './sources/drive/index.js';
export * from './media/index.js';
