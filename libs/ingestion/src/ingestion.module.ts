import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MediaUrls } from './media/media-urls.js';
import { MediaService } from './media/media.service.js';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccountsModule, type EnvironmentVariables, JobsModule } from '@app/shared';
import { BillingModule } from '@app/billing';
import { Document } from './documents/document.entity.js';
import { DocumentsService } from './documents/documents.service.js';
import { FileIngester } from './documents/file.ingester.js';
import { IngestUploadHandler } from './documents/ingest-upload.handler.js';
import { Media } from './documents/media.entity.js';
import { UploadReceiver } from './documents/upload-receiver.js';
import { ExtractorRegistry } from './extractors/extractor.registry.js';
import { ImageOptimizer } from './images/image.optimizer.js';
import { DRIVE_OPTIONS, type DriveOptions } from './sources/drive/drive.options.js';
import { IngestDriveFolderHandler } from './sources/drive/ingest-drive-folder.handler.js';
import { Integration } from './sources/drive/integration.entity.js';
import { IntegrationsService } from './sources/drive/integrations.service.js';
import { TokenCipher } from './sources/drive/token-cipher.js';
import { IngestYouTubeHandler } from './sources/youtube/ingest-youtube.handler.js';
import { YouTubeIngester } from './sources/youtube/youtube.ingester.js';
import { TranscriptFetchHandler } from './sources/youtube/transcript-fetch.handler.js';
import { YouTubeTranscriptClient } from './sources/youtube/youtube-transcript.client.js';
import { LocalFileStorage } from './storage/local-file.storage.js';
import { STORAGE } from './storage/file-storage.js';
import { AudioSegmenter } from './transcription/audio.segmenter.js';
import { Transcriber } from './transcription/transcriber.js';
import { TranscriptionAvailability } from './transcription/transcription-availability.js';
import { TRANSCRIPTION_OPTIONS, type TranscriptionOptions } from './transcription/transcription.options.js';

/** Documents and what feeds them: storage, uploads, YouTube, Google Drive, extractors, transcription, image optimizer. */
@Module({
  imports: [BillingModule, MikroOrmModule.forFeature([Document, Media, Integration]), JobsModule, AccountsModule],
  providers: [
    MediaUrls,
    MediaService,
    LocalFileStorage,
    { provide: STORAGE, useExisting: LocalFileStorage },
    {
      provide: TRANSCRIPTION_OPTIONS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>): TranscriptionOptions => ({
        apiKey: config.get('TRANSCRIBE_API_KEY', { infer: true }) ?? config.get('OPENAI_API_KEY', { infer: true }),
        baseURL: config.get('TRANSCRIBE_BASE_URL', { infer: true }) ?? config.get('OPENAI_BASE_URL', { infer: true }),
        model: config.get('TRANSCRIBE_MODEL', { infer: true }),
      }),
    },
    {
      provide: DRIVE_OPTIONS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>): DriveOptions => ({
        clientId: config.get('GOOGLE_CLIENT_ID', { infer: true }),
        clientSecret: config.get('GOOGLE_CLIENT_SECRET', { infer: true }),
        redirectUri: `${config.get('PUBLIC_URL', { infer: true }).replace(/\/$/, '')}/api/v1/integrations/google/callback`,
        authUrl: config.get('GOOGLE_AUTH_URL', { infer: true }),
        tokenUrl: config.get('GOOGLE_TOKEN_URL', { infer: true }),
        driveRootUrl: config.get('GOOGLE_DRIVE_ROOT_URL', { infer: true }),
        serviceAccountJson: config.get('GOOGLE_SERVICE_ACCOUNT_JSON', { infer: true }),
        maxFileBytes: config.get('UPLOAD_MAX_BYTES', { infer: true }),
      }),
    },
    {
      provide: TokenCipher,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => new TokenCipher(config.get('APP_SECRET', { infer: true })),
    },
    {
      provide: YouTubeTranscriptClient,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        new YouTubeTranscriptClient({
          baseUrl: config.get('YOUTUBE_BASE_URL', { infer: true }),
          proxyUrl: config.get('YOUTUBE_PROXY_URL', { infer: true }),
          maxAudioBytes: config.get('UPLOAD_MAX_BYTES', { infer: true }),
        }),
    },
    DocumentsService,
    FileIngester,
    UploadReceiver,
    ExtractorRegistry,
    ImageOptimizer,
    AudioSegmenter,
    Transcriber,
    TranscriptionAvailability,
    IngestUploadHandler,
    IntegrationsService,
    YouTubeIngester,
    IngestYouTubeHandler,
    TranscriptFetchHandler,
    IngestDriveFolderHandler,
  ],
  exports: [
    MediaUrls,
    MediaService,
    STORAGE,
    DocumentsService,
    FileIngester,
    UploadReceiver,
    ExtractorRegistry,
    ImageOptimizer,
    Transcriber,
    TranscriptionAvailability,
    IngestUploadHandler,
    IntegrationsService,
    YouTubeIngester,
  ],
})
export class IngestionModule {}
