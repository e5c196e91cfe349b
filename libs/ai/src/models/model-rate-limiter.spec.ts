import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ModelCallError } from './chat-model.js';
import {
  ModelRateLimiter,
  type ModelRateLease,
  type ModelRateLimiterOptions,
  type RedisKeyspace,
} from './model-rate-limiter.js';

describe('ModelRateLimiter (real Redis)', () => {
  let client: Redis;
  let keyspace: RedisKeyspace;

  beforeAll(() => {
    Logger.overrideLogger(false);
    client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });

  beforeEach(() => {
    const prefix = `${process.env.REDIS_PREFIX ?? 'scriptorium_test'}:limiter-spec:${randomUUID()}`;
    keyspace = { client, key: (...parts) => [prefix, ...parts].join(':') };
  });

  afterAll(async () => {
    await client.quit();
  });

  const made: ModelRateLimiter[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((made) => made.close()));
  });

  const leasesKey = () => keyspace.key('model-limit', 'api.example.test', 'gpt-test', 'leases');
  const tokensKey = () => keyspace.key('model-limit', 'api.example.test', 'gpt-test', 'tokens');

  const limiter = (options: Partial<ModelRateLimiterOptions> = {}) => {
    const made_ = new ModelRateLimiter(keyspace, {
      provider: 'api.example.test',
      model: 'gpt-test',
      maxConcurrency: 0,
      tokensPerMinute: 0,
      pollMs: 20,
      maxWaitMs: 10_000,
      ...options,
    });
    made.push(made_);
    return made_;
  };

  it('never lets more than the limit run at once across many acquirers', async () => {
    // Two limiter instances stand for two processes sharing the same Redis keys.
    const processes = [limiter({ maxConcurrency: 2 }), limiter({ maxConcurrency: 2 })];
    let running = 0;
    let peak = 0;
    let finished = 0;

    await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const lease = await processes[index % 2]!.acquire({ estimatedTokens: 10 });
        running += 1;
        peak = Math.max(peak, running);
        await sleep(60);
        running -= 1;
        finished += 1;
        await lease.release(10);
      }),
    );

    expect(finished).toBe(6);
    expect(peak).toBe(2);
  });

  it('blocks on tokens per window until the window rolls', async () => {
    const windowMs = 1_000;
    const tpm = limiter({ tokensPerMinute: 100, windowMs });
    const windowOf = (at: number) => Math.floor(at / windowMs);
    let first: ModelRateLease;
    let firstWindow: number;
    // Take the first 60 tokens well inside one window, whatever the machine's load.
    for (;;) {
      await sleep(windowMs - (Date.now() % windowMs) + 20);
      const before = Date.now();
      first = await tpm.acquire({ estimatedTokens: 60 });
      if (windowOf(before) === windowOf(Date.now())) {
        firstWindow = windowOf(before);
        break;
      }
      await first.release(0);
    }
    await first.release(60);

    const second = await tpm.acquire({ estimatedTokens: 60 });
    const secondWindow = windowOf(Date.now());
    await second.release(60);

    expect(secondWindow).toBeGreaterThan(firstWindow);
    expect(await client.hget(tokensKey(), 'used')).toBe('60');
  });

  it('charges the tokens really used: an overestimate frees room in the window', async () => {
    // A ten-minute window: the three calls below cannot straddle two windows.
    const tpm = limiter({ tokensPerMinute: 100, windowMs: 600_000, maxWaitMs: 300 });

    const first = await tpm.acquire({ estimatedTokens: 90 });
    await first.release(20);
    const second = await tpm.acquire({ estimatedTokens: 70 });
    await second.release(70);

    expect(await client.hget(tokensKey(), 'used')).toBe('90');
    await expect(tpm.acquire({ estimatedTokens: 30 })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('gives up with rate_limited after the longest wait', async () => {
    const single = limiter({ maxConcurrency: 1, maxWaitMs: 150 });
    const held = await single.acquire({ estimatedTokens: 1 });

    const error = await single.acquire({ estimatedTokens: 1 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).code).toBe('rate_limited');
    await held.release(1);
  });

  it('frees the slot of a process that died holding it once its lease expires', async () => {
    // What a crashed process leaves behind: a lease nobody renews or releases.
    const expiresAt = Date.now() + 400;
    await client.zadd(leasesKey(), expiresAt, 'dead');
    const single = limiter({ maxConcurrency: 1, maxWaitMs: 5_000 });

    const lease = await single.acquire({ estimatedTokens: 1 });
    const tookAt = Date.now();
    await lease.release(1);

    expect(tookAt).toBeGreaterThanOrEqual(expiresAt);
  });

  it('keeps renewing a held lease that outlives its TTL', async () => {
    const short = limiter({ maxConcurrency: 1, leaseTtlMs: 300, maxWaitMs: 1_000 });
    const held = await short.acquire({ estimatedTokens: 1 });

    // A second caller waits more than three TTLs: only renewal keeps the first lease alive that long.
    await expect(short.acquire({ estimatedTokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
    await held.release(1);
  });

  it('releases a slot for the next acquirer at once', async () => {
    const single = limiter({ maxConcurrency: 1 });
    const first = await single.acquire({ estimatedTokens: 1 });
    const waiting = single.acquire({ estimatedTokens: 1 });
    await sleep(50);
    await first.release(1);

    const second = await waiting;
    await second.release(1);
    await second.release(1);

    expect(await client.zcard(leasesKey())).toBe(0);
  });

  it('never has more than C holders across two worker processes sharing Redis', async () => {
    const prefix = keyspace.key();
    const run = () =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['libs/ai/src/models/__fixtures__/semaphore-holder.mjs', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, '3', '12', '40'], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('error', reject);
        child.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(await client.get(`${prefix}:done`)).toBe('24');
    // 24 calls for 3 slots: the slots were all in use, and never more.
    expect(await client.get(`${prefix}:peak`)).toBe('3');
    expect(await client.zcard(`${prefix}:model-limit:api.example.test:gpt-test:leases`)).toBe(0);
  }, 60_000);

  it('wakes a waiter in another process when a slot is released, without waiting for its next poll', async () => {
    // Polls would come only every 60 s, after the 5 s the waiter may wait: only the wake-up can hand it the slot.
    const holder = limiter({ maxConcurrency: 1, pollMs: 60_000, maxWaitMs: 5_000 });
    const waiter = limiter({ maxConcurrency: 1, pollMs: 60_000, maxWaitMs: 5_000 });
    const held = await holder.acquire({ estimatedTokens: 1 });
    const waiting = waiter.acquire({ estimatedTokens: 1 });
    await sleep(100);
    await held.release(1);
    const lease = await waiting;
    await lease.release(1);
  });

  it('holds every process’s new calls while the provider asked to back off (a 429’s Retry-After), never shortening a longer one', async () => {
    const first = limiter({ maxConcurrency: 4 });
    const other = limiter({ maxConcurrency: 4 });
    await first.backOff(400);
    await first.backOff(50);
    const until = Date.now() + 350;
    const lease = await other.acquire({ estimatedTokens: 1 });
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    await lease.release(1);
    // A back-off longer than the longest wait ends the call rate_limited.
    await first.backOff(2_000);
    const impatient = limiter({ maxConcurrency: 4, maxWaitMs: 100 });
    await expect(impatient.acquire({ estimatedTokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
