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
 * KEYS[1] leases (sorted set member → expiry ms), KEYS[2] token window (hash: window, used).
 * ARGV: leaseId, maxConcurrency, tokensPerWindow, windowMs, leaseTtlMs, estimatedTokens.
 * Returns {1, window} when taken, {0, waitHintMs} when not. Redis time is the one clock all processes share.
 */
const ACQUIRE_SCRIPT = `
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
 * KEYS as above. ARGV: leaseId, window charged at acquire, tokens to add (actual − estimate), windowMs.
 * Corrects the charged window while it is current; an overrun found after the window rolled is
 * charged to the current one, an underrun then is forgotten.
 */
const RELEASE_SCRIPT = `
redis.call('ZREM', KEYS[1], ARGV[1])
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
    ...args: (string | number)[]
  ): Promise<[number, number]>;
  scriptoriumModelRelease(leases: string, tokens: string, ...args: (string | number)[]): Promise<number>;
  scriptoriumModelRenew(leases: string, leaseId: string, leaseTtlMs: number): Promise<number>;
};

function withCommands(client: Redis): LimiterCommands {
  if (!('scriptoriumModelAcquire' in client)) {
    client.defineCommand('scriptoriumModelAcquire', { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
    client.defineCommand('scriptoriumModelRelease', { numberOfKeys: 2, lua: RELEASE_SCRIPT });
    client.defineCommand('scriptoriumModelRenew', { numberOfKeys: 1, lua: RENEW_SCRIPT });
  }
  return client as LimiterCommands;
}

/**
 * A limit shared through Redis on calls in flight and tokens per minute for one provider and model,
 * so many jobs in many processes together stay under the provider's limits. Waits for a slot
 * (polling with jitter) rather than failing, up to maxWaitMs.
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

  constructor(
    keyspace: RedisKeyspace,
    private readonly options: ModelRateLimiterOptions,
  ) {
    this.redis = withCommands(keyspace.client);
    this.leasesKey = keyspace.key('model-limit', options.provider, options.model, 'leases');
    this.tokensKey = keyspace.key('model-limit', options.provider, options.model, 'tokens');
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
      await sleep(Math.min(pause, remaining), undefined, { signal });
    }
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
        await this.redis.scriptoriumModelRelease(this.leasesKey, this.tokensKey, leaseId, window, delta, this.windowMs);
      },
    };
  }
}
