import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccountsModule, type EnvironmentVariables, JobsModule } from '@app/shared';
import { Document } from './documents/document.entity.js';
import { DocumentsService } from './documents/documents.service.js';
import { IngestUploadHandler } from './documents/ingest-upload.handler.js';
import { Media } from './documents/media.entity.js';
import { UploadReceiver } from './documents/upload-receiver.js';
import { ExtractorRegistry } from './extractors/extractor.registry.js';
import { ImageOptimizer } from './images/image.optimizer.js';
import { LocalFileStorage } from './storage/local-file.storage.js';
import { STORAGE } from './storage/file-storage.js';
import { AudioSegmenter } from './transcription/audio.segmenter.js';
import { Transcriber } from './transcription/transcriber.js';
import { TranscriptionAvailability } from './transcription/transcription-availability.js';
import { TRANSCRIPTION_OPTIONS, type TranscriptionOptions } from './transcription/transcription.options.js';

/** Documents and what feeds them: storage, uploads, extractors, transcription, image optimizer. */
@Module({
  imports: [MikroOrmModule.forFeature([Document, Media]), JobsModule, AccountsModule],
  providers: [
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
    DocumentsService,
    UploadReceiver,
    ExtractorRegistry,
    ImageOptimizer,
    AudioSegmenter,
    Transcriber,
    TranscriptionAvailability,
    IngestUploadHandler,
  ],
  exports: [STORAGE, DocumentsService, UploadReceiver, ExtractorRegistry, ImageOptimizer, Transcriber, TranscriptionAvailability, IngestUploadHandler],
})
export class IngestionModule {}
