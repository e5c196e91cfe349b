import { Injectable } from '@nestjs/common';
import type { StepCheckpoint, StepCommit } from '@app/shared';
import { PriceTable } from './price-table.js';
import { type UsageEventRow, UsageEventsRepository, type UsageTotals } from './usage-events.repository.js';
import { UsageThresholdNotifier } from './usage-threshold.notifier.js';

/** Whose usage it is: the user, and the job it was spent for (null outside a job). */
export interface UsageOwner {
  userId: string;
  jobId: string | null;
}

/** A job step that spends: its events are keyed by job and step, so a re-run of the step bills nothing twice. */
export interface StepOwner {
  userId: string;
  jobId: string;
  step: string;
}

/** One chat-model call as the model layer reports it. */
export interface ModelCallUsage {
  engine: string;
  model: string;
  /** The named provider that served the call (its prices apply); the engine when absent. */
  provider?: string | null;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  /** Only the call whose output the step used is billable. */
  used: boolean;
  failure?: string | null;
}

export interface ImageUsage {
  model: string;
  /** The named provider that served the call; `openai` when absent. */
  provider?: string | null;
  size: string;
  /** Images the call produced (0 when it failed). */
  images: number;
  tokensIn?: number;
  tokensOut?: number;
  latencyMs: number;
  failure?: string | null;
}

export interface TranscriptionUsage {
  model: string;
  /** The named provider that served the call, when known. */
  provider?: string | null;
  durationS: number | null;
}

/**
 * A step run's model-call usage, built as its calls are made and written by `commit` together with
 * the step's checkpoint, in one statement (pass it to JobContext.step): a step is never
 * checkpointed without its usage events, nor are they written without the checkpoint. A re-run of
 * the step after a crash makes the same calls, which keep their dedup keys: billed once.
 */
export interface StepUsage {
  /** The `ordinal`-th model call of the step run (see UsageMeter.modelCall). */
  modelCall(ordinal: number, call: ModelCallUsage): void;
  readonly commit: StepCommit;
}

/**
 * The only code that builds and writes usage events: every paid (or metered) call goes through
 * one of its methods, which prices it from the price table and gives it a deterministic dedup key
 * derived from the job, the step and the call, so a job re-run after a crash can never bill the
 * same call twice. Also the one reader of what a job cost.
 */
@Injectable()
export class UsageMeter {
  constructor(
    private readonly events: UsageEventsRepository,
    private readonly prices: PriceTable,
    private readonly thresholds: UsageThresholdNotifier,
  ) {}

  /**
   * The `ordinal`-th model call of a step run (1, 2 … in the order made; a repair attempt is the
   * next one). A re-run of the step makes its calls in the same order, so each keeps its key.
   */
  modelCall(owner: StepOwner, ordinal: number, call: ModelCallUsage): Promise<boolean> {
    return this.record(this.modelCallRow(owner, ordinal, call));
  }

  /** A step's model calls, written with its checkpoint (StepUsage). */
  stepUsage(owner: StepOwner): StepUsage {
    const rows: UsageEventRow[] = [];
    return {
      modelCall: (ordinal, call) => {
        rows.push(this.modelCallRow(owner, ordinal, call));
      },
      commit: (checkpoint) => this.recordWithCheckpoint(owner.userId, rows, checkpoint),
    };
  }

  private modelCallRow(owner: StepOwner, ordinal: number, call: ModelCallUsage): UsageEventRow {
    return this.row(owner, `${owner.jobId}:${owner.step}:call:${ordinal}`, {
      stepType: owner.step,
      eventType: 'llm',
      engine: call.engine,
      model: call.model,
      provider: call.provider ?? call.engine,
      tokensIn: call.tokensIn,
      tokensOut: call.tokensOut,
      latencyMs: call.latencyMs,
      billable: call.used,
      failure: call.failure ?? null,
    });
  }

  /** A job's caption download: one per job, however often its step is retried. */
  captions(owner: { userId: string; jobId: string }, captions: { source: string; durationS: number | null }): Promise<boolean> {
    return this.write(owner, `${owner.jobId}:captions`, {
      stepType: 'transcript.fetch',
      eventType: 'transcribe',
      engine: 'captions',
      model: `youtube-captions-${captions.source}`,
      durationS: captions.durationS,
      billable: true,
    });
  }

  /** One transcription of one audio file (billed by its duration), once per job and `file`. */
  transcription(owner: { userId: string; jobId: string }, file: string, transcript: TranscriptionUsage): Promise<boolean> {
    return this.write(owner, `${owner.jobId}:transcribe:${file}`, {
      stepType: 'transcribe',
      eventType: 'transcribe',
      engine: 'whisper',
      model: transcript.model,
      provider: transcript.provider ?? null,
      durationS: transcript.durationS,
      billable: true,
    });
  }

  /**
   * One image generation of a step: billed once per step when it produced an image; a failed
   * attempt is recorded (not billed) once per `attempt`.
   */
  image(owner: StepOwner, image: ImageUsage, attempt: number | string): Promise<boolean> {
    const produced = image.images > 0;
    return this.write(owner, produced ? `image:${owner.jobId}:${owner.step}` : `image:${owner.jobId}:${owner.step}:failed:${attempt}`, {
      stepType: owner.step,
      eventType: 'image',
      engine: 'openai',
      model: image.model,
      provider: image.provider ?? 'openai',
      images: image.images,
      imageSize: image.size,
      tokensIn: image.tokensIn ?? 0,
      tokensOut: image.tokensOut ?? 0,
      latencyMs: image.latencyMs,
      billable: produced,
      failure: image.failure ?? null,
    });
  }

  /** A document written at a version through document.persist: metered, never billed. */
  persist(owner: { userId: string }, documentId: string, version: number): Promise<boolean> {
    return this.write({ userId: owner.userId, jobId: null }, `persist:${documentId}:${version}`, {
      stepType: 'document.persist',
      eventType: 'persist',
      engine: 'scriptorium',
      model: 'document.persist',
      billable: false,
    });
  }

  /** What a job cost so far: tokens and cost summed over its events (what is billed, retries included). */
  jobTotals(jobId: string): Promise<UsageTotals> {
    return this.events.totalsForJob(jobId);
  }

  private write(owner: UsageOwner, dedupKey: string, event: UsageEventFields): Promise<boolean> {
    return this.record(this.row(owner, dedupKey, event));
  }

  private row(owner: UsageOwner, dedupKey: string, event: UsageEventFields): UsageEventRow {
    return pricedUsageEvent({ userId: owner.userId, jobId: owner.jobId, dedupKey, ...event }, this.prices);
  }

  /** The events and the checkpoint in one statement; then, if they added cost, the user's thresholds (from the same statement's month-to-date). */
  private async recordWithCheckpoint(userId: string, rows: readonly UsageEventRow[], checkpoint: StepCheckpoint): Promise<void> {
    const at = rows.at(-1)?.at ?? new Date();
    const day = at.toISOString().slice(0, 10);
    const costed = this.thresholds.watching && rows.some((row) => row.costMicros > 0);
    const written = await this.events.insertWithCheckpoint(rows, checkpoint, costed ? { userId, from: `${day.slice(0, 7)}-01`, to: day } : undefined);
    if (written.addedMicros > 0 && written.monthToDateMicros !== null) await this.thresholds.monthToDateReached(userId, at, written.monthToDateMicros);
  }

  /** Writes the row; a new costed event may cross one of the user's month-to-date usage thresholds. */
  private async record(row: UsageEventRow): Promise<boolean> {
    const inserted = await this.events.insert(row);
    if (inserted && row.costMicros > 0) await this.thresholds.costAdded(row.userId, row.at);
    return inserted;
  }
}

/** What a usage event must say; the rest has neutral defaults. */
export type UsageEventFields = Pick<UsageEventRow, 'stepType' | 'eventType' | 'engine' | 'model' | 'billable'> & Partial<UsageEventRow>;

/** The one way a usage event row is built: defaults filled in, priced from the price table. */
export function pricedUsageEvent(event: UsageEventFields & Pick<UsageEventRow, 'userId' | 'dedupKey'>, prices: PriceTable): UsageEventRow {
  const row: UsageEventRow = {
    jobId: null,
    tokensIn: 0,
    tokensOut: 0,
    durationS: null,
    images: 0,
    imageSize: null,
    provider: null,
    latencyMs: 0,
    failure: null,
    at: new Date(),
    ...event,
    costMicros: 0,
  };
  row.costMicros = prices.costMicros(row.model, row, row.provider);
  return row;
}
