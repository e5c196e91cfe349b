import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain.error.js';
import { JobHandler, type JobContext, type JobHandlerInstance } from './job-handler.js';
import { JOB_TYPES } from './job-types.js';

const MAX_STEPS = 20;
const MAX_STEP_MS = 10_000;

/**
 * Runs `steps` checkpointed steps of `step_ms` each and echoes `echo`: proves the whole job path
 * works. `fail_step` makes that step fail (retryably) to exercise retries and resumption.
 */
@Injectable()
@JobHandler(JOB_TYPES.DIAGNOSTICS)
export class DiagnosticsHandler implements JobHandlerInstance {
  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const steps = clamp(Number(context.job.input.steps ?? 1), 1, MAX_STEPS);
    const stepMs = clamp(Number(context.job.input.step_ms ?? 0), 0, MAX_STEP_MS);
    const failStep = Number(context.job.input.fail_step ?? 0);
    const completed: number[] = [];
    for (let index = 1; index <= steps; index += 1) {
      completed.push(
        await context.step(`step_${index}`, async () => {
          await sleep(stepMs);
          if (index === failStep) throw new DomainError('diagnostics_step_failed', `step ${index} failed as requested`, { retryable: true });
          return index;
        }),
      );
    }
    return { steps: completed.length, echo: context.job.input.echo ?? null, pid: process.pid };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), min), max) : min;
}
