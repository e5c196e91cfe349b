import type { JobRunsRepository } from './job-runs.repository.js';
import { JobCanceled } from './job-canceled.js';

/** How often the running jobs' cancel flags are read: a cancel stops spending within about this long. */
export const CANCEL_POLL_MS = 200;

/**
 * Learns, in the worker, that the API asked to cancel a running job: one query every
 * CANCEL_POLL_MS reads the cancel flags of all jobs this process runs, and aborts the signal of
 * each canceled one (with JobCanceled), which aborts its in-flight model, image and
 * transcription requests at once. The cancel flag in `jobs` stays the one truth, so nothing is
 * lost when a message would have been (no pub/sub to miss), and the cost is one indexed query per
 * interval per worker process, only while it runs jobs.
 */
export class JobCancelWatch {
  private readonly watched = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly runs: JobRunsRepository,
    private readonly intervalMs = CANCEL_POLL_MS,
  ) {}

  watch(jobId: string, controller: AbortController): () => void {
    this.watched.set(jobId, controller);
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    return () => {
      if (this.watched.get(jobId) === controller) this.watched.delete(jobId);
      if (this.watched.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling || this.watched.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.watched.keys()];
      for (const id of await this.runs.canceledAmong(ids)) {
        const controller = this.watched.get(id);
        if (controller && !controller.signal.aborted) controller.abort(new JobCanceled());
      }
    } catch {
      // A missed poll is retried at the next interval; the step boundaries check the flag too.
    } finally {
      this.polling = false;
    }
  }
}
