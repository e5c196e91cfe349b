import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared';
import { microsToMinorUnits } from '../currency.js';
import { BillingAccountsRepository } from '../stripe/billing-accounts.repository.js';
import { PriceTable } from '../usage/price-table.js';
import { UsageEventsRepository } from '../usage/usage-events.repository.js';
import { UsageMeter } from '../usage/usage-meter.service.js';

/** The job a paid call is made for. */
export interface SpendingJob {
  userId: string;
  jobId: string;
}

/** What the next paid call will use at most, priced from the price table. */
export interface PlannedSpend {
  model: string;
  /** The named provider that will serve the call: its prices apply. */
  provider?: string | null;
  tokensIn?: number;
  tokensOut?: number;
  images?: number;
  imageSize?: string | null;
  durationS?: number | null;
}

/** A job's caps in micro-USD (null: none): its max_cost, and its user's monthly cap. */
export interface SpendingCaps {
  jobCap: number | null;
  monthlyCap: number | null;
}

/** Ends a reservation: once the call's usage event is written (or the call failed). */
export type ReleaseSpend = () => void;

const NOTHING_RESERVED: ReleaseSpend = () => undefined;

/** The first instant of the current UTC calendar month: monthly caps run from there. */
export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

interface JobReservations {
  micros: number;
  /** Checks of one job run one after another, so parallel calls see each other's reservations. */
  queue: Promise<unknown>;
}

/**
 * Holds a running job to its spending caps: before each paid call (model, image, transcription),
 * what the job was billed so far (UsageMeter.jobTotals), plus what its calls in flight may still
 * cost, plus the most this call may cost, must stay within the job's `max_cost`; the same sum over
 * the user's billed usage this UTC month must stay within their monthly cap. Otherwise the call is
 * not made: 402-style `spending_cap_reached`, naming the limit, which ends the job failed. A free
 * call (the extractive engine) is never held up. One job runs in one worker process, so its calls
 * in flight are known here.
 */
@Injectable()
export class SpendingGuard {
  private readonly reservations = new Map<string, JobReservations>();

  constructor(
    private readonly usage: UsageMeter,
    private readonly events: UsageEventsRepository,
    private readonly accounts: BillingAccountsRepository,
    private readonly prices: PriceTable,
  ) {}

  /** The job's caps as they are now; a job run reads them once (StepRunner) and passes them to reserve. */
  capsOf(jobId: string): Promise<SpendingCaps> {
    return this.accounts.capsOfJob(jobId);
  }

  /**
   * Reserves the call's largest cost, or throws spending_cap_reached; release it once the call is
   * metered. `caps` gives the job's caps (read once per run) instead of reading them for this call.
   */
  async reserve(job: SpendingJob, planned: PlannedSpend, caps?: () => Promise<SpendingCaps>): Promise<ReleaseSpend> {
    const micros = this.prices.costMicros(planned.model, planned, planned.provider);
    if (micros <= 0) return NOTHING_RESERVED;
    const entry = this.reservations.get(job.jobId) ?? { micros: 0, queue: Promise.resolve() };
    this.reservations.set(job.jobId, entry);
    const check = entry.queue.then(async () => {
      await this.assertWithinCaps(job, caps ? await caps() : await this.capsOf(job.jobId), entry.micros, micros);
      entry.micros += micros;
    });
    entry.queue = check.catch(() => undefined);
    try {
      await check;
    } catch (error) {
      this.forgetIfIdle(job.jobId, entry);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.micros -= micros;
      this.forgetIfIdle(job.jobId, entry);
    };
  }

  private forgetIfIdle(jobId: string, entry: JobReservations): void {
    if (entry.micros <= 0 && this.reservations.get(jobId) === entry) this.reservations.delete(jobId);
  }

  private async assertWithinCaps(job: SpendingJob, { jobCap, monthlyCap }: SpendingCaps, inFlight: number, next: number): Promise<void> {
    if (jobCap !== null) {
      const spent = (await this.usage.jobTotals(job.jobId)).billedMicros;
      if (spent + inFlight + next > jobCap) throw capReached('max_cost', jobCap, spent, inFlight + next);
    }
    if (monthlyCap !== null) {
      const spent = await this.events.billedSince(job.userId, monthStart());
      if (spent + inFlight + next > monthlyCap) throw capReached('monthly_cap', monthlyCap, spent, inFlight + next);
    }
  }
}

/** The 402 `spending_cap_reached` of a cap that the next spend would pass (or that is already reached). */
export function capReached(limit: 'max_cost' | 'monthly_cap', capMicros: number, spentMicros: number, nextMicros: number): DomainError {
  const what = limit === 'max_cost' ? "the job's max_cost" : 'your monthly spending cap';
  const raise = limit === 'max_cost' ? 'start it again with a higher options.max_cost' : 'raise billing.monthly_cap with PATCH /api/v1/me';
  return new DomainError(
    'spending_cap_reached',
    `${what} of ${microsToMinorUnits(capMicros)} (USD cents) would be exceeded: ${microsToMinorUnits(spentMicros)} spent, the next call may cost up to ${microsToMinorUnits(nextMicros)}. Stopped before spending more; ${raise}.`,
    { details: { limit, cap_micros: capMicros, spent_micros: spentMicros, next_micros: nextMicros } },
  );
}
