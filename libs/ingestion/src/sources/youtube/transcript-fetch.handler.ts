import { Injectable } from '@nestjs/common';
import { UsageMeter } from '@app/billing';
import { JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { YouTubeTranscriptClient } from './youtube-transcript.client.js';

/**
 * The transcript.fetch step: a video's captions as {text, lang, duration_s, source, caption_track, segments},
 * without creating a document. YouTube's failures end the job with their stable code.
 */
@Injectable()
@JobHandler(JOB_TYPES.STEP_TRANSCRIPT_FETCH)
export class TranscriptFetchHandler implements JobHandlerInstance {
  constructor(
    private readonly youtube: YouTubeTranscriptClient,
    private readonly usage: UsageMeter,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const input = context.job.input as { video_id: string; langs?: string[] };
    return context.step('transcript.fetch', async () => {
      const transcript = await this.youtube.fetchTranscript(input.video_id, { languages: input.langs ?? [] });
      await this.usage.captions({ userId: context.job.userId, jobId: context.job.id }, { source: transcript.source, durationS: transcript.duration_s });
      return {
        video_id: transcript.video_id,
        title: transcript.title,
        channel: transcript.channel,
        text: transcript.text,
        lang: transcript.lang,
        duration_s: transcript.duration_s,
        source: transcript.source,
        caption_track: transcript.caption_track,
        segments: transcript.segments,
      };
    });
  }
}
