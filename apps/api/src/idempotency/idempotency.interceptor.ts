import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyService, requestHash } from '@app/shared';
import type { RequestWithPrincipal } from '../auth/principal.js';
import { forceStatus } from '../http/force-status.js';
import { IDEMPOTENCY_REDACT, LAUNCHES_JOB, parseIdempotencyKey } from '../http/idempotency-key.js';
import { replayableAnswer } from './replayable-answer.js';

/**
 * `Idempotency-Key` on every authenticated POST that does not launch a job: the first request with a key runs and its
 * status and body are stored; the same key and body replays them; another body is 422; a
 * duplicate while the first runs is 409. A failed first request frees the key; one that died (its
 * process killed, or stuck after its client left) frees it when its lease lapses. What is stored of
 * an answer is its allow-listed fields only (replayableAnswer): ids, states, envelope, error.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    if (request.method !== 'POST' || !request.principal) return next.handle();
    // Job launches keep their key with the job (JobLauncher).
    if (this.reflector.get<boolean | undefined>(LAUNCHES_JOB, context.getHandler())) return next.handle();
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    if (key === undefined) return next.handle();
    return from(this.run(context, next, request, key));
  }

  private async run(context: ExecutionContext, next: CallHandler, request: Request & RequestWithPrincipal, key: string): Promise<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    // Multipart bodies are streamed, not parsed: their length and type stand in for them.
    const body = request.is('multipart/form-data') ? { multipart: request.headers['content-length'] ?? null } : request.body;
    const hash = requestHash(request.method, request.originalUrl, body);
    const claim = await this.idempotency.begin(request.principal!.user.id, key, hash);
    response.setHeader('Idempotency-Key', key);
    if (claim.kind === 'replay') {
      forceStatus(response, claim.statusCode);
      response.setHeader('Idempotent-Replayed', 'true');
      return claim.body;
    }
    const stopRenewing = this.idempotency.hold(claim.id);
    // A client that left will not read this answer: stop renewing, so that if the request is stuck its
    // key is free one lease later; if it finishes first, its answer is still stored for the retry.
    const onClose = () => {
      if (!response.writableFinished) stopRenewing();
    };
    response.once('close', onClose);
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const redact = this.reflector.get<string[] | undefined>(IDEMPOTENCY_REDACT, context.getHandler()) ?? [];
      const stored = replayableAnswer(result && typeof result === 'object' ? omit(result as Record<string, unknown>, redact) : result);
      await this.idempotency.complete(claim.id, response.statusCode, stored);
      return result;
    } catch (error) {
      await this.idempotency.release(claim.id);
      throw error;
    } finally {
      stopRenewing();
      response.off('close', onClose);
    }
  }
}

function omit(value: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  if (fields.length === 0) return value;
  return Object.fromEntries(Object.entries(value).filter(([field]) => !fields.includes(field)));
}

