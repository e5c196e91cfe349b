import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { StepInvocation } from './step-invocation.entity.js';

/**
 * An in_flight key whose request no longer holds it: its lease lapsed (a row written before leases
 * existed counts as held for ten minutes). Deleting it is what taking the key over means.
 */
const TAKE_OVER_SQL = `delete from step_invocations
where id = ? and state = 'in_flight' and coalesce(lease_expires_at, created_at + interval '10 minutes') < now()
returning id`;

const CLAIM_SQL = `insert into step_invocations (id, created_at, updated_at, user_id, idempotency_key, request_hash, state, expires_at, lease_expires_at)
values (?, now(), now(), ?, ?, ?, 'in_flight', now() + make_interval(hours => ?), now() + make_interval(secs => ?))
on conflict (user_id, idempotency_key) do nothing returning id`;

/** step_invocations: one row per (user, Idempotency-Key), claimed in one statement, leased while in flight. */
@Injectable()
export class IdempotencyRecordsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Claims the key for a new request; the new record's id, or null when the key is taken. */
  async claim(userId: string, key: string, hash: string, ttlHours: number, leaseSeconds: number): Promise<string | null> {
    const id = randomUUID();
    const inserted = await this.em.getConnection().execute<{ id: string }[]>(CLAIM_SQL, [id, userId, key, hash, ttlHours, leaseSeconds]);
    return inserted.length > 0 ? id : null;
  }

  find(userId: string, key: string): Promise<StepInvocation | null> {
    return this.em.fork().findOne(StepInvocation, { userId, idempotencyKey: key });
  }

  /** Deletes an in-flight record whose lease lapsed; true when it did. */
  async takeOver(id: string): Promise<boolean> {
    return (await this.em.getConnection().execute<{ id: string }[]>(TAKE_OVER_SQL, [id])).length > 0;
  }

  async renewLease(id: string, leaseSeconds: number): Promise<void> {
    await this.em
      .getConnection()
      .execute(`update step_invocations set lease_expires_at = now() + make_interval(secs => ?) where id = ? and state = 'in_flight'`, [leaseSeconds, id]);
  }

  async complete(id: string, statusCode: number, body: unknown): Promise<void> {
    await this.em
      .getConnection()
      .execute(`update step_invocations set state = 'done', status_code = ?, response_body = ?::jsonb, lease_expires_at = null, updated_at = now() where id = ?`, [
        statusCode,
        JSON.stringify(body ?? null),
        id,
      ]);
  }

  async delete(id: string): Promise<void> {
    await this.em.getConnection().execute('delete from step_invocations where id = ?', [id]);
  }

  /** Deletes keys past their expiry; returns how many. */
  async deleteExpired(): Promise<number> {
    const rows = await this.em.getConnection().execute<{ id: string }[]>('delete from step_invocations where expires_at < now() returning id');
    return rows.length;
  }
}
