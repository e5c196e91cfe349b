import { Injectable } from '@nestjs/common';
import { SpendingGuard, SpendingPolicy, UsageMeter } from '@app/billing';
import type { FileInput } from '../storage/file-storage.js';
import { Transcriber, type Transcript } from './transcriber.js';

/** The job a transcription is made for, and the name its usage event is keyed by (one per job and file). */
export interface TranscriptionJob {
  userId: string;
  jobId: string;
  /** Identifies the audio within the job (a storage key, `youtube:<id>`): billed once however often the step runs. */
  file: string;
  signal?: AbortSignal;
}

/**
 * Every transcription that costs money, in one place: the user may spend (credits, monthly cap:
 * `credits_exhausted` / `spending_cap_reached`, 402 at the edge), the call fits the job's caps once
 * the audio's length is known, the requests carry the job's abort signal, and the result is
 * metered through UsageMeter (one event per job and file).
 */
@Injectable()
export class PaidTranscriber {
  constructor(
    private readonly transcriber: Transcriber,
    private readonly spending: SpendingPolicy,
    private readonly guard: SpendingGuard,
    private readonly usage: UsageMeter,
  ) {}

  async transcribe(job: TranscriptionJob, input: FileInput): Promise<Transcript> {
    await this.spending.assertCanSpend(job.userId, { transcription: true });
    let release = () => undefined as void;
    try {
      const transcript = await this.transcriber.transcribe(input, {
        signal: job.signal,
        beforeTranscribe: async (durationS) => {
          release = await this.guard.reserve(job, { model: this.transcriber.model, provider: this.transcriber.provider, durationS });
        },
      });
      await this.usage.transcription(job, job.file, { model: transcript.model, provider: this.transcriber.provider, durationS: transcript.duration_s });
      return transcript;
    } finally {
      release();
    }
  }
}
