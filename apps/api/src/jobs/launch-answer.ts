import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Launched } from '@app/ai';
import { JobEnvelopeDto } from '@app/shared';
import { forceStatus } from '../http/force-status.js';
import { StepResultDto } from '../steps/steps.dto.js';

/** `Prefer: wait=N` → N, capped at 60; absent or malformed → 0. */
export function preferredWaitSeconds(prefer: string | undefined): number {
  const match = /(?:^|[,;\s])wait=(\d{1,4})(?:$|[,;\s])/.exec(prefer ?? '');
  return match ? Math.min(Number(match[1]), 60) : 0;
}

/**
 * A launched job as an HTTP answer: 202 with its envelope, or 200 with its result when it finished
 * within `Prefer: wait`; an Idempotency-Key replay is marked `Idempotent-Replayed: true`.
 */
export function answerLaunch(response: Response, launched: Launched, waitSeconds: number): JobEnvelopeDto | StepResultDto {
  if (launched.replayed) response.setHeader('Idempotent-Replayed', 'true');
  if (launched.finished) {
    forceStatus(response, HttpStatus.OK);
    response.setHeader('Preference-Applied', `wait=${waitSeconds}`);
    return StepResultDto.from(launched.finished);
  }
  return JobEnvelopeDto.from(launched.job);
}
