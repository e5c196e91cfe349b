import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DomainError, IdempotencyService, requestHash } from '@app/shared';
import type { RequestWithPrincipal } from '../auth/principal.js';
import { forceStatus } from '../steps/force-status.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_REDACT = 'scriptorium:idempotency-redact';

/** Fields left out of the stored answer (a replay answers without them), e.g. a secret shown once. */
export const RedactOnReplay = (...fields: string[]) => SetMetadata(IDEMPOTENCY_REDACT, fields);

/**
 * `Idempotency-Key` on every authenticated POST: the first request with a key runs and its
 * status and body are stored; the same key and body replays them; another body is 422; a
 * duplicate while the first runs is 409. A failed first request frees the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', 'Idempotency-Key: 1 to 255 visible ASCII characters', {
        errors: [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' }],
      });
    }
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
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const redact = this.reflector.get<string[] | undefined>(IDEMPOTENCY_REDACT, context.getHandler()) ?? [];
      const stored = result && typeof result === 'object' ? omit(result as Record<string, unknown>, redact) : result;
      await this.idempotency.complete(claim.id, response.statusCode, stored ?? null);
      return result;
    } catch (error) {
      await this.idempotency.release(claim.id);
      throw error;
    }
  }
}

function omit(value: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  if (fields.length === 0) return value;
  return Object.fromEntries(Object.entries(value).filter(([field]) => !fields.includes(field)));
}

