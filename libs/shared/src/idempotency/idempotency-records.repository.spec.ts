import { useLibContext } from '../../../../test/support/lib-context.js';
import type { IdempotencyRecordsRepository } from './idempotency-records.repository.js';

describe('IdempotencyRecordsRepository (Postgres)', () => {
  const ctx = useLibContext('idempotency_records', async () => [(await import('./idempotency.module.js')).IdempotencyModule]);
  let records: IdempotencyRecordsRepository;
  let userId: string;

  beforeAll(async () => {
    records = ctx.app.get((await import('./idempotency-records.repository.js')).IdempotencyRecordsRepository);
    userId = await ctx.newUser();
  });

  it('claims a key once per user, completes it with its answer and deletes it', async () => {
    const id = await records.claim(userId, 'k-1', 'hash-a', 48, 30);
    expect(id).toEqual(expect.any(String));
    expect(await records.claim(userId, 'k-1', 'hash-a', 48, 30)).toBeNull();
    expect(await records.find(userId, 'k-1')).toMatchObject({ id, requestHash: 'hash-a', state: 'in_flight' });
    await records.complete(id!, 202, { job_id: 'j' });
    expect(await records.find(userId, 'k-1')).toMatchObject({ state: 'done', statusCode: 202, responseBody: { job_id: 'j' } });
    await records.delete(id!);
    expect(await records.find(userId, 'k-1')).toBeNull();
  });

  it('takes over an in-flight record only once its lease lapsed, and a renewed lease keeps it held', async () => {
    const held = await records.claim(userId, 'k-lease', 'h', 48, 30);
    expect(await records.takeOver(held!)).toBe(false);
    await ctx.sql("update step_invocations set lease_expires_at = now() - interval '1 second' where id = ?", [held]);
    await records.renewLease(held!, 30);
    expect(await records.takeOver(held!)).toBe(false);
    await ctx.sql("update step_invocations set lease_expires_at = now() - interval '1 second' where id = ?", [held]);
    expect(await records.takeOver(held!)).toBe(true);
    expect(await records.find(userId, 'k-lease')).toBeNull();
  });

  it('deletes expired keys and keeps live ones', async () => {
    const old = await records.claim(userId, 'k-old', 'h', 48, 30);
    const live = await records.claim(userId, 'k-live', 'h', 48, 30);
    await ctx.sql("update step_invocations set expires_at = now() - interval '1 hour' where id = ?", [old]);
    expect(await records.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await records.find(userId, 'k-old')).toBeNull();
    expect(await records.find(userId, 'k-live')).toMatchObject({ id: live });
  });
});
