import type { UsageRecord } from '@app/billing';
import type { JobContext } from '@app/shared';
import type { YouTubeTranscript } from './youtube-transcript.client.js';

/** The usage event of a job's caption download (one per job, however often its step is retried). */
export function captionsUsage(job: JobContext['job'], transcript: YouTubeTranscript): UsageRecord {
  return {
    userId: job.userId,
    jobId: job.id,
    stepType: 'transcript.fetch',
    eventType: 'transcribe',
    engine: 'captions',
    model: `youtube-captions-${transcript.source}`,
    durationS: transcript.duration_s,
    billable: true,
    dedupKey: `${job.id}:captions`,
  };
}
