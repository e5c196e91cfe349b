import type { UsageRecord } from '@app/billing';
import type { Transcript } from './transcriber.js';

/** The usage event of one transcription call (billed by audio duration), once per `dedupKey`. */
export function whisperUsage(transcript: Transcript, owner: { userId: string; jobId: string | null; dedupKey?: string }): UsageRecord {
  return {
    userId: owner.userId,
    jobId: owner.jobId,
    stepType: 'transcribe',
    eventType: 'transcribe',
    engine: 'whisper',
    model: transcript.model,
    durationS: transcript.duration_s,
    billable: true,
    dedupKey: owner.dedupKey,
  };
}
