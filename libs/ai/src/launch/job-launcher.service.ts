import { Injectable } from '@nestjs/common';
import { DomainError, IdempotencyService, type Job, JobsService, type JobType, requestHash } from '@app/shared';
import { DocumentsService } from '@app/ingestion';
import { SpendingPolicy, type SpendingUses } from '@app/billing';
import { type JobQuote, JobQuoter } from '../quote/job-quoter.service.js';
import { ModelRouter } from '../routing/model-router.service.js';
import { JobWaiter } from './job-waiter.service.js';

/** A validated request to start a job, whichever edge it came through (REST, MCP, a batch). */
export interface LaunchCommand {
  userId: string;
  type: JobType;
  input: Record<string, unknown>;
  /** A document of the caller's the job reads: 404 when it is not theirs. */
  documentId?: string | null;
  /** What the job may spend money on, checked (402) before anything is written; omitted: nothing. */
  spends?: SpendingUses;
  /** The job's spending cap in micro-USD (options.max_cost): the worker stops the job before passing it. */
  maxCostMicros?: number | null;
  /** The text the job will read when the edge has it before any document exists (pasted text): what a quote prices. */
  sourceText?: string;
  /**
   * The caller's Idempotency-Key and what identifies its request (the validated body; an upload's
   * file hashes): the same key and fingerprint gets the first request's job back, another
   * fingerprint is 422, a first request still being launched is 409.
   */
  idempotency?: { key: string; fingerprint: unknown };
  /** The batch job launching this one (a batch's fan-out): links the child's row to it. */
  batchId?: string | null;
  /** Seconds to wait for the job to finish (Prefer: wait); 0 or omitted: answer at once. */
  waitSeconds?: number;
  /**
   * Work that must happen once the launch is decided and before the job row is written (e.g. a
   * document made from pasted text); what it returns completes the job's input.
   */
  prepare?: () => Promise<{ input?: Record<string, unknown>; documentId?: string | null }>;
  /** Undoes what the edge did before the launch (e.g. files it stored) when no new job comes of it. */
  discard?: () => Promise<void>;
}

export interface Launched {
  job: Job;
  /** The job of an earlier request with the same Idempotency-Key and fingerprint. */
  replayed: boolean;
  /** The job once finished, when it finished within `waitSeconds`; else null. */
  finished: Job | null;
}

/**
 * Everything between a validated request and an enqueued job, in one place: the Idempotency-Key
 * claim, the caller's document, the spending check, the job row and its enqueue, and the wait for
 * a caller who wants the result inline. An idempotent launch stores only the job's id, so a replay
 * re-reads the job (and its result) instead of a stored copy of it.
 */
@Injectable()
export class JobLauncher {
  constructor(
    private readonly jobs: JobsService,
    private readonly idempotency: IdempotencyService,
    private readonly documents: DocumentsService,
    private readonly spending: SpendingPolicy,
    private readonly waiter: JobWaiter,
    private readonly quoter: JobQuoter,
    private readonly router: ModelRouter,
  ) {}

  /**
   * What the command's job would cost (`dry_run`, `Prefer: return=estimate`): the same command a
   * launch takes, checked the same way (the caller's document), but nothing is claimed, written,
   * enqueued or charged.
   */
  async quote(command: LaunchCommand): Promise<JobQuote> {
    return this.quoter.quote({
      userId: command.userId,
      type: command.type,
      input: await this.router.forLaunch(command.userId, command.input),
      sourceText: command.sourceText,
      maxCostMicros: command.maxCostMicros,
    });
  }

  async launch(command: LaunchCommand): Promise<Launched> {
    const { userId } = command;
    let claimId: string | null = null;
    let stopRenewing = () => {};
    let job: Job;
    try {
      if (command.idempotency) {
        const claim = await this.idempotency.begin(userId, command.idempotency.key, requestHash('LAUNCH', command.type, command.idempotency.fingerprint));
        if (claim.kind === 'replay') {
          await command.discard?.();
          const earlier = await this.jobs.get(userId, launchedJobId(claim.body));
          return { job: earlier.job, replayed: true, finished: await this.waitFor(earlier.job, command.waitSeconds) };
        }
        claimId = claim.id;
        stopRenewing = this.idempotency.hold(claim.id);
      }
      if (command.documentId) await this.documents.get(userId, command.documentId);
      // options.models (held to the allow-list: 422) and the account's routes become the job's routing table.
      const input = await this.router.forLaunch(userId, command.input);
      if (command.spends) await this.spending.assertCanSpend(userId, { ...command.spends, ...this.router.routedIn(input) });
      const prepared = (await command.prepare?.()) ?? {};
      const documentId = prepared.documentId !== undefined ? prepared.documentId : (command.documentId ?? null);
      job = await this.jobs.create({ userId, type: command.type, input: { ...input, ...prepared.input }, documentId, maxCostMicros: command.maxCostMicros ?? null, batchId: command.batchId ?? null });
      if (claimId) await this.idempotency.complete(claimId, 202, { job_id: job.id });
    } catch (error) {
      if (claimId) await this.idempotency.release(claimId);
      await command.discard?.();
      throw error;
    } finally {
      stopRenewing();
    }
    return { job, replayed: false, finished: await this.waitFor(job, command.waitSeconds) };
  }

  private async waitFor(job: Job, seconds = 0): Promise<Job | null> {
    return seconds > 0 ? this.waiter.waitFor(job.id, seconds) : null;
  }
}

/** The job id stored with an idempotent launch. */
function launchedJobId(stored: unknown): string {
  const jobId = (stored as { job_id?: unknown } | null)?.job_id;
  if (typeof jobId !== 'string') throw new DomainError('internal_error', 'the stored answer of this Idempotency-Key names no job');
  return jobId;
}
