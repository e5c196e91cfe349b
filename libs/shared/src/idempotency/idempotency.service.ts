import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError } from '../errors/domain.error.js';
import { idempotencyConfig } from './idempotency.config.js';
import { IdempotencyRecordsRepository } from './idempotency-records.repository.js';

export type IdempotencyBegin = { kind: 'new'; id: string } | { kind: 'replay'; statusCode: number; body: unknown };

/**
 * JSON with object keys sorted, so the same body always hashes the same. Written with a stack of
 * its own rather than recursion: a deeply nested body must not overflow the call stack.
 */
export function canonical(root: unknown): string {
  const out: string[] = [];
  // Values still to write, and literal text ("[", ",", "}") between them, last one first.
  const pending: ({ text: string } | { value: unknown })[] = [{ value: root }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const { value } = item;
    if (Array.isArray(value)) {
      pending.push({ text: ']' });
      for (let index = value.length - 1; index >= 0; index -= 1) {
        pending.push({ value: value[index] });
        if (index > 0) pending.push({ text: ',' });
      }
      pending.push({ text: '[' });
    } else if (value && typeof value === 'object') {
      const keys = Object.keys(value).sort();
      pending.push({ text: '}' });
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index]!;
        pending.push({ value: (value as Record<string, unknown>)[key] });
        pending.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      pending.push({ text: '{' });
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonical(body ?? null)}`).digest('hex');
}

/**
 * Idempotency-Key bookkeeping in Postgres: the first request with a key claims it (one INSERT,
 * so concurrent duplicates cannot both win); later ones replay its answer, get 409 while it is
 * still running, or 422 when the body differs. A claim is leased: the request renews the lease
 * while it runs (hold), so a request that died with its process, or whose client left while it
 * was stuck, frees its key once the lease lapses.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private readonly ttlHours: number;
  private readonly leaseSeconds: number;

  constructor(
    private readonly records: IdempotencyRecordsRepository,
    @Inject(idempotencyConfig.KEY) idempotency: ConfigType<typeof idempotencyConfig>,
  ) {
    this.ttlHours = idempotency.ttlHours;
    this.leaseSeconds = idempotency.leaseSeconds;
  }

  async begin(userId: string, key: string, hash: string, attempt = 1): Promise<IdempotencyBegin> {
    const id = await this.records.claim(userId, key, hash, this.ttlHours, this.leaseSeconds);
    if (id) return { kind: 'new', id };
    const existing = await this.records.find(userId, key);
    // Gone meanwhile (expired and cleaned, or taken over by another retry that then failed): claim again.
    if (!existing) return this.retry(userId, key, hash, attempt);
    if (existing.state === 'in_flight') {
      if (await this.records.takeOver(existing.id)) {
        this.logger.warn({ msg: 'idempotency key taken over: its first request stopped holding it', user_id: userId });
        return this.retry(userId, key, hash, attempt);
      }
    }
    if (existing.requestHash !== hash) {
      throw new DomainError('idempotency_key_reused',
        'this Idempotency-Key was used with a different request; use a new key for a new request',
      );
    }
    if (existing.state !== 'done' || existing.statusCode == null) {
      throw new DomainError('idempotency_request_in_flight', 'a request with this Idempotency-Key is still being processed; retry shortly');
    }
    return { kind: 'replay', statusCode: existing.statusCode, body: existing.responseBody };
  }

  /**
   * Renews the claim's lease while its request runs in this process; the returned function stops
   * (call it when the request settles, or when its client left: the key is then free one lease later).
   */
  hold(id: string): () => void {
    const timer = setInterval(() => {
      this.records
        .renewLease(id, this.leaseSeconds)
        .catch((error: unknown) => this.logger.warn({ msg: 'idempotency lease not renewed', err: error }));
    }, (this.leaseSeconds * 1000) / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  complete(id: string, statusCode: number, body: unknown): Promise<void> {
    return this.records.complete(id, statusCode, body);
  }

  /** The request failed before answering: free the key so the client can retry with it. */
  release(id: string): Promise<void> {
    return this.records.delete(id);
  }

  /** Deletes keys past IDEMPOTENCY_TTL_HOURS; returns how many. */
  deleteExpired(): Promise<number> {
    return this.records.deleteExpired();
  }

  private retry(userId: string, key: string, hash: string, attempt: number): Promise<IdempotencyBegin> {
    if (attempt >= 3) throw new DomainError('idempotency_request_in_flight', 'a request with this Idempotency-Key is being processed; retry shortly');
    return this.begin(userId, key, hash, attempt + 1);
  }
}
