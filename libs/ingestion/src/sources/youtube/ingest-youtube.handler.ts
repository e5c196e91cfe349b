import { Injectable } from '@nestjs/common';
import { JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { type IngestYouTubeInput, YouTubeIngester } from './youtube.ingester.js';

/** ingest_youtube: a YouTube video's captions (or transcribed audio) as a document. */
@Injectable()
@JobHandler(JOB_TYPES.INGEST_YOUTUBE)
export class IngestYouTubeHandler implements JobHandlerInstance {
  constructor(private readonly youtube: YouTubeIngester) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    return { ...(await this.youtube.ingest(context, context.job.input as unknown as IngestYouTubeInput)) };
  }
}
