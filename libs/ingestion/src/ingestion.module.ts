import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MediaUrls } from './media/media-urls.js';
import { MediaService } from './media/media.service.js';
import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AccountsModule, appConfig, JobsModule, modelRoutingConfig, modelsConfig, SharedConfigModule, TokenCipher } from '@app/shared';
import { BillingModule } from '@app/billing';
import { ingestionConfig } from './ingestion.config.js';
import { storageConfig } from './storage/storage.config.js';
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
import { IngestYouTubeHandler } from './sources/youtube/ingest-youtube.handler.js';
import { YouTubeIngester } from './sources/youtube/youtube.ingester.js';
import { TranscriptFetchHandler } from './sources/youtube/transcript-fetch.handler.js';
import { YouTubeTranscriptClient } from './sources/youtube/youtube-transcript.client.js';
import { LocalFileStorage } from './storage/local-file.storage.js';
import { STORAGE, type FileStorage } from './storage/file-storage.js';
import { loadS3FileStorage } from './storage/s3-loader.js';
import { AudioSegmenter } from './transcription/audio.segmenter.js';
import { PaidTranscriber } from './transcription/paid-transcriber.js';
import { Transcriber } from './transcription/transcriber.js';
import { TranscriptionAvailability } from './transcription/transcription-availability.js';
import { TRANSCRIPTION_OPTIONS, type TranscriptionOptions } from './transcription/transcription.options.js';

const IngestionConfigModule = SharedConfigModule.forFeature(ingestionConfig, storageConfig, modelsConfig, modelRoutingConfig);

/** Documents and what feeds them: storage, uploads, YouTube, Google Drive, extractors, transcription, image optimizer. */
@Module({
  imports: [IngestionConfigModule, BillingModule, MikroOrmModule.forFeature([Document, Media, Integration]), JobsModule, AccountsModule],
  providers: [
    MediaUrls,
    MediaService,
    {
      provide: STORAGE,
      inject: [storageConfig.KEY],
      // The AWS SDK is loaded only when the s3 driver is configured.
      useFactory: (storage: ConfigType<typeof storageConfig>): FileStorage | Promise<FileStorage> =>
        storage.driver === 's3' ? loadS3FileStorage(storage.s3!) : new LocalFileStorage(storage),
    },
    {
      provide: TRANSCRIPTION_OPTIONS,
      inject: [ingestionConfig.KEY, modelsConfig.KEY, modelRoutingConfig.KEY],
      useFactory: (
        { transcription }: ConfigType<typeof ingestionConfig>,
        { openai }: ConfigType<typeof modelsConfig>,
        routing: ConfigType<typeof modelRoutingConfig>,
      ): TranscriptionOptions => {
        // MODEL_ROUTES' transcription route (its first) goes over TRANSCRIBE_*.
        const route = routing.routes.transcription?.[0];
        const provider = route ? routing.providers[route.provider] : undefined;
        if (route && provider) {
          return { apiKey: provider.apiKey, baseURL: provider.baseUrl, model: route.model, provider: provider.name, ...(provider.timeoutMs ? { timeoutMs: provider.timeoutMs } : {}) };
        }
        return { apiKey: transcription.apiKey ?? openai.apiKey, baseURL: transcription.baseUrl ?? openai.baseUrl, model: transcription.model };
      },
    },
    {
      provide: DRIVE_OPTIONS,
      inject: [ingestionConfig.KEY, appConfig.KEY],
      useFactory: ({ google, uploadMaxBytes }: ConfigType<typeof ingestionConfig>, app: ConfigType<typeof appConfig>): DriveOptions => ({
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        redirectUri: `${app.publicUrl.replace(/\/$/, '')}/api/v1/integrations/google/callback`,
        authUrl: google.authUrl,
        tokenUrl: google.tokenUrl,
        driveRootUrl: google.driveRootUrl,
        serviceAccountJson: google.serviceAccountJson,
        maxFileBytes: uploadMaxBytes,
      }),
    },
    {
      provide: TokenCipher,
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => new TokenCipher(app.secret),
    },
    {
      provide: YouTubeTranscriptClient,
      inject: [ingestionConfig.KEY],
      useFactory: ({ youtube, uploadMaxBytes }: ConfigType<typeof ingestionConfig>) =>
        new YouTubeTranscriptClient({ baseUrl: youtube.baseUrl, proxyUrl: youtube.proxyUrl, maxAudioBytes: uploadMaxBytes }),
    },
    DocumentsService,
    FileIngester,
    UploadReceiver,
    ExtractorRegistry,
    ImageOptimizer,
    AudioSegmenter,
    Transcriber,
    PaidTranscriber,
    TranscriptionAvailability,
    IngestUploadHandler,
    IntegrationsService,
    YouTubeIngester,
    IngestYouTubeHandler,
    TranscriptFetchHandler,
    IngestDriveFolderHandler,
  ],
  exports: [
    IngestionConfigModule,
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
    YouTubeTranscriptClient,
  ],
})
export class IngestionModule {}
