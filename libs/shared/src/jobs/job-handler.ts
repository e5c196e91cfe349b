import { SetMetadata } from '@nestjs/common';
import type { JobType } from './job-types.js';
import type { Job } from './job.entity.js';
import type { StepCommit } from './job-steps.repository.js';

export const JOB_HANDLER_METADATA = 'scriptorium:job-handler';

/** Marks a provider as the handler of one job type; the worker's registry finds it. */
export const JobHandler = (type: JobType) => SetMetadata(JOB_HANDLER_METADATA, type);

/** What a handler gets to run a job: the row and a checkpointed step runner. */
export interface JobContext {
  readonly job: Readonly<Pick<Job, 'id' | 'userId' | 'type' | 'input' | 'documentId' | 'attempts' | 'maxCostMicros'>>;
  /**
   * Aborted the moment the job is canceled (reason: JobCanceled) or runs past JOB_TIMEOUT_S
   * (reason: JobTimedOut). Pass it to every outside call that costs money (model, images,
   * transcription) so it stops at once and nothing after the abort is billed.
   */
  readonly signal: AbortSignal;
  /**
   * Runs `name` once per job: a step that already succeeded (on an earlier attempt) returns its
   * stored output without running again. Cancellation is checked before each step.
   * `commit`, when given, writes the step's checkpoint (succeeded or failed) together with what
   * must commit with it, in one statement (a step's usage events: UsageMeter), instead of alone.
   */
  step<T>(name: string, run: () => Promise<T>, commit?: StepCommit): Promise<T>;
  /** `load()` once per job run (the first caller's promise is shared): what every step of the run needs. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Throws JobCanceled when a cancel was requested (or the signal's reason once aborted). */
  throwIfCanceled(): Promise<void>;
  /** Names on the job the document it made its source from (a pipeline started from a link). */
  attachDocument(documentId: string): Promise<void>;
}

export interface JobHandlerInstance {
  handle(context: JobContext): Promise<Record<string, unknown> | void>;
}
