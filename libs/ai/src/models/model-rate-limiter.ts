import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CHAT_MODEL_DEFAULTS } from '../ai.config.js';
import { ModelCallError } from './chat-model.js';

/** What the limiter needs from RedisService: its client and its prefixed key builder. */
export interface RedisKeyspace {
  readonly client: Redis;
  key(...parts: string[]): string;
}

export interface ModelRateLimiterOptions {
  /** Provider (e.g. the API host) and model: the limit is shared by every process calling this pair. */
  provider: string;
  model: string;
  /** Calls in flight at once across all processes; 0 = no limit. */
  maxConcurrency: number;
  /** Tokens (prompt + completion) per window across all processes; 0 = no limit. */
  tokensPerMinute: number;
  /** Length of the token window; 60 000 in production, shorter in tests. */
  windowMs?: number;
  /** A lease not renewed for this long is dropped, so a crashed process frees its slot. */
  leaseTtlMs?: number;
  /** Longest wait for a slot before giving up with ModelCallError('rate_limited'). */
  maxWaitMs?: number;
  /** Longest pause between two attempts to take a slot (jittered). */
  pollMs?: number;
}

/** A held slot. Release it exactly once with the tokens the call really used. */
export interface ModelRateLease {
  release(actualTokens: number): Promise<void>;
}

export interface AcquireRequest {
  estimatedTokens: number;
  signal?: AbortSignal;
}

/**
 * KEYS[1] leases (sorted set member → expiry ms), KEYS[2] token window (hash: window, used),
 * KEYS[3] the provider's back-off after a 429 (a key living as long as its Retry-After).
 * ARGV: leaseId, maxConcurrency, tokensPerWindow, windowMs, leaseTtlMs, estimatedTokens.
 * Returns {1, window} when taken, {0, waitHintMs} when not. Redis time is the one clock all processes share.
 */
const ACQUIRE_SCRIPT = `
local coolingMs = redis.call('PTTL', KEYS[3])
if coolingMs > 0 then return {0, coolingMs} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxConcurrency = tonumber(ARGV[2])
local tpw = tonumber(ARGV[3])
local windowMs = tonumber(ARGV[4])
local leaseTtl = tonumber(ARGV[5])
local estimate = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if maxConcurrency > 0 and redis.call('ZCARD', KEYS[1]) >= maxConcurrency then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(first[2]) - now}
end
local window = math.floor(now / windowMs)
if tpw > 0 then
  local used = 0
  if tonumber(redis.call('HGET', KEYS[2], 'window')) == window then
    used = tonumber(redis.call('HGET', KEYS[2], 'used')) or 0
  end
  -- A call estimated above the whole budget still runs alone in a fresh window instead of waiting forever.
  if used > 0 and used + estimate > tpw then
    return {0, (window + 1) * windowMs - now}
  end
  redis.call('HSET', KEYS[2], 'window', window, 'used', used + estimate)
  redis.call('PEXPIRE', KEYS[2], windowMs * 2)
end
redis.call('ZADD', KEYS[1], now + leaseTtl, ARGV[1])
-- The set lives as long as its longest lease, so an idle limiter leaves nothing behind.
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]) + 1000)
return {1, window}
`;

/**
 * KEYS as above. ARGV: leaseId, window charged at acquire, tokens to add (actual − estimate), windowMs,
 * the wake-up channel. Corrects the charged window while it is current; an overrun found after the
 * window rolled is charged to the current one, an underrun then is forgotten. Announces the free slot
 * on the channel, so waiting processes try at once instead of at their next poll.
 */
const RELEASE_SCRIPT = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('PUBLISH', ARGV[5], '1') end
local delta = tonumber(ARGV[3])
if delta == 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = math.floor(now / tonumber(ARGV[4]))
local current = tonumber(redis.call('HGET', KEYS[2], 'window'))
if current == window and window == tonumber(ARGV[2]) then
  local used = (tonumber(redis.call('HGET', KEYS[2], 'used')) or 0) + delta
  if used < 0 then used = 0 end
  redis.call('HSET', KEYS[2], 'used', used)
elseif delta > 0 then
  if current ~= window then
    redis.call('HSET', KEYS[2], 'window', window, 'used', 0)
  end
  redis.call('HINCRBY', KEYS[2], 'used', delta)
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) * 2)
end
return 0
`;

/** KEYS[1] the back-off key. ARGV: milliseconds. Lengthens the back-off, never shortens it. */
const BACK_OFF_SCRIPT = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
`;

/** KEYS[1] leases. ARGV: leaseId, leaseTtlMs. Extends a lease that has not expired yet. */
const RENEW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local renewed = redis.call('ZADD', KEYS[1], 'XX', 'GT', 'CH', now + tonumber(ARGV[2]), ARGV[1])
if renewed == 1 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]) + 1000)
end
return renewed
`;

type LimiterCommands = Redis & {
  scriptoriumModelAcquire(
    leases: string,
    tokens: string,
    coolDown: string,
    ...args: (string | number)[]
  ): Promise<[number, number]>;
  scriptoriumModelBackOff(coolDown: string, ms: number): Promise<number>;
  scriptoriumModelRelease(leases: string, tokens: string, ...args: (string | number)[]): Promise<number>;
  scriptoriumModelRenew(leases: string, leaseId: string, leaseTtlMs: number): Promise<number>;
};

function withCommands(client: Redis): LimiterCommands {
  if (!('scriptoriumModelAcquire' in client)) {
    client.defineCommand('scriptoriumModelAcquire', { numberOfKeys: 3, lua: ACQUIRE_SCRIPT });
    client.defineCommand('scriptoriumModelBackOff', { numberOfKeys: 1, lua: BACK_OFF_SCRIPT });
    client.defineCommand('scriptoriumModelRelease', { numberOfKeys: 2, lua: RELEASE_SCRIPT });
    client.defineCommand('scriptoriumModelRenew', { numberOfKeys: 1, lua: RENEW_SCRIPT });
  }
  return client as LimiterCommands;
}

/** Longest back-off a provider's Retry-After may impose on every process. */
export const MAX_BACK_OFF_MS = 5 * 60_000;
/** A wake-up subscription unused this long is closed (the next wait opens it again). */
const SUBSCRIBER_IDLE_MS = 5_000;

/**
 * A limit shared through Redis on calls in flight and tokens per minute for one provider and model,
 * so many jobs in many processes together stay under the provider's limits: a semaphore of leases
 * that expire unless renewed (a dead process frees its slots). Waits for a slot rather than failing,
 * up to maxWaitMs: a released slot is announced over Redis pub/sub, so a waiter in any process tries
 * again at once (polling with jitter stays as the fallback). A 429 seen by any process (`backOff`)
 * holds every process's new calls for its Retry-After.
 */
export class ModelRateLimiter {
  private readonly logger = new Logger(ModelRateLimiter.name);
  private readonly redis: LimiterCommands;
  private readonly leasesKey: string;
  private readonly tokensKey: string;
  private readonly windowMs: number;
  private readonly leaseTtlMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private readonly coolDownKey: string;
  private readonly channel: string;
  private subscriber?: Redis;
  private subscriberIdle?: NodeJS.Timeout;
  private readonly waiters = new Set<() => void>();

  constructor(
    keyspace: RedisKeyspace,
    private readonly options: ModelRateLimiterOptions,
  ) {
    this.redis = withCommands(keyspace.client);
    this.leasesKey = keyspace.key('model-limit', options.provider, options.model, 'leases');
    this.tokensKey = keyspace.key('model-limit', options.provider, options.model, 'tokens');
    this.coolDownKey = keyspace.key('model-limit', options.provider, options.model, 'cool-down');
    this.channel = keyspace.key('model-limit', options.provider, options.model, 'released');
    this.windowMs = options.windowMs ?? 60_000;
    this.leaseTtlMs = options.leaseTtlMs ?? 60_000;
    this.maxWaitMs = options.maxWaitMs ?? CHAT_MODEL_DEFAULTS.rateLimitMaxWaitMs;
    this.pollMs = options.pollMs ?? 1_000;
  }

  async acquire({ estimatedTokens, signal }: AcquireRequest): Promise<ModelRateLease> {
    const estimate = Math.max(0, Math.ceil(estimatedTokens));
    const leaseId = randomUUID();
    const deadline = Date.now() + this.maxWaitMs;
    let attempts = 0;
    for (;;) {
      signal?.throwIfAborted();
      attempts += 1;
      const [taken, value] = await this.redis.scriptoriumModelAcquire(
        this.leasesKey,
        this.tokensKey,
        this.coolDownKey,
        leaseId,
        this.options.maxConcurrency,
        this.options.tokensPerMinute,
        this.windowMs,
        this.leaseTtlMs,
        estimate,
      );
      if (taken === 1) {
        if (attempts > 1) {
          this.logger.debug({ msg: 'model rate limit slot taken after waiting', model: this.options.model, attempts });
        }
        return this.lease(leaseId, value, estimate);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.logger.warn({ msg: 'model rate limit wait exceeded', model: this.options.model, attempts });
        throw new ModelCallError('rate_limited', `no model call slot within ${this.maxWaitMs} ms`);
      }
      // Jitter keeps waiting processes from retrying in lockstep.
      const pause = Math.min(Math.max(value, 10), this.pollMs) * (0.5 + Math.random() * 0.5);
      await this.waitForSlot(Math.min(pause, remaining), signal);
    }
  }

  /**
   * Holds every process's new calls to this provider and model for `ms` (a 429's Retry-After, at
   * most MAX_BACK_OFF_MS); a longer back-off already in place stays.
   */
  async backOff(ms: number): Promise<void> {
    const hold = Math.min(Math.max(Math.ceil(ms), 1), MAX_BACK_OFF_MS);
    await this.redis.scriptoriumModelBackOff(this.coolDownKey, hold);
    this.logger.warn({ msg: 'model provider asked to back off', provider: this.options.provider, model: this.options.model, back_off_ms: hold });
  }

  /** Closes the wake-up subscription (it is opened again by the next wait). */
  async close(): Promise<void> {
    clearTimeout(this.subscriberIdle);
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    for (const wake of this.waiters) wake();
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  /** Until a slot is announced free (by any process), `ms` pass, or the signal aborts. */
  private async waitForSlot(ms: number, signal?: AbortSignal): Promise<void> {
    this.subscribe();
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    const timer = new AbortController();
    const onAbort = () => timer.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined), woken]);
    } finally {
      this.waiters.delete(wake);
      timer.abort();
      signal?.removeEventListener('abort', onAbort);
      if (this.waiters.size === 0) this.closeWhenIdle();
    }
    signal?.throwIfAborted();
  }

  private subscribe(): void {
    clearTimeout(this.subscriberIdle);
    if (this.subscriber) return;
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => undefined);
    subscriber.on('message', () => {
      for (const wake of this.waiters) wake();
    });
    subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber = subscriber;
  }

  private closeWhenIdle(): void {
    clearTimeout(this.subscriberIdle);
    this.subscriberIdle = setTimeout(() => void this.close(), SUBSCRIBER_IDLE_MS);
    this.subscriberIdle.unref();
  }

  private lease(leaseId: string, window: number, estimate: number): ModelRateLease {
    // Calls may outlive the lease TTL; renewing keeps the slot held while this process is alive.
    const renewal = setInterval(() => {
      this.redis.scriptoriumModelRenew(this.leasesKey, leaseId, this.leaseTtlMs).catch(() => undefined);
    }, Math.max(this.leaseTtlMs / 3, 10));
    renewal.unref();
    let released = false;
    return {
      release: async (actualTokens: number) => {
        if (released) return;
        released = true;
        clearInterval(renewal);
        const delta = this.options.tokensPerMinute > 0 ? Math.max(0, Math.ceil(actualTokens)) - estimate : 0;
        await this.redis.scriptoriumModelRelease(this.leasesKey, this.tokensKey, leaseId, window, delta, this.windowMs, this.channel);
      },
    };
  }
}
