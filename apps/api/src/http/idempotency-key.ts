import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@app/shared';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_REDACT = 'scriptorium:idempotency-redact';
export const LAUNCHES_JOB = 'scriptorium:launches-job';

/** Fields left out of the stored answer (a replay answers without them), e.g. a secret shown once. */
export const RedactOnReplay = (...fields: string[]) => SetMetadata(IDEMPOTENCY_REDACT, fields);

/**
 * Marks a route whose Idempotency-Key the JobLauncher handles (it stores the job, not the answer),
 * so the interceptor leaves it alone; the handler takes the key with @IdempotencyKey().
 */
export const LaunchesJob = () => SetMetadata(LAUNCHES_JOB, true);

/** The header's value when it is 1–255 visible ASCII characters; 400 naming the header otherwise. */
export function parseIdempotencyKey(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw DomainError.badFields(
      [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' }],
      'Idempotency-Key: 1 to 255 visible ASCII characters',
    );
  }
  return header;
}

/** The request's Idempotency-Key (validated), echoed on the response; undefined when none was sent. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const http = context.switchToHttp();
  const key = parseIdempotencyKey(http.getRequest<Request>().headers['idempotency-key']);
  if (key !== undefined) http.getResponse<Response>().setHeader('Idempotency-Key', key);
  return key;
});
