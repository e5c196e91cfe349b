import type { ThrottlerStorage } from '@nestjs/throttler';
import { Logger } from '@nestjs/common';
import { isBackendOutage, RedisService } from '@app/shared';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Fixed-window counters in Redis, shared by every API process. One Lua call per request:
 * count the hit, start the window on the first one, block once past the limit.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl < 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blockTtl = tonumber(ARGV[3])
end
return {hits, ttl, blockTtl}
`;

const RATE_HIT_COMMAND = 'scriptoriumRateHit';

/** How often an unreachable Redis is reported while requests go through unlimited. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastOutageLog = 0;

  constructor(private readonly redis: RedisService) {
    // Sent by its SHA1 (EVALSHA, the script body only when Redis does not know it yet).
    redis.client.defineCommand(RATE_HIT_COMMAND, { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = this.redis.key('rate', throttlerName, key);
    let counted: [number, number, number];
    try {
      const client = this.redis.client as unknown as Record<typeof RATE_HIT_COMMAND, (...args: string[]) => Promise<unknown>>;
      counted = (await client[RATE_HIT_COMMAND](
        `${base}:hits`,
        `${base}:blocked`,
        String(ttl),
        String(limit),
        String(blockDuration > 0 ? blockDuration : ttl),
      )) as [number, number, number];
    } catch (error) {
      if (!isBackendOutage(error)) throw error;
      // Without Redis nothing can be counted: requests go through unlimited (reads that need only
      // PostgreSQL keep working) rather than every route failing until Redis is back.
      this.reportOutage(error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
    const [hits, ttlMs, blockMs] = counted;
    return {
      totalHits: hits,
      timeToExpire: Math.max(Math.ceil(ttlMs / 1000), 0),
      isBlocked: blockMs > 0,
      timeToBlockExpire: Math.max(Math.ceil(blockMs / 1000), 0),
    };
  }

  private reportOutage(error: unknown): void {
    const now = Date.now();
    if (now - this.lastOutageLog < OUTAGE_LOG_INTERVAL_MS) return;
    this.lastOutageLog = now;
    this.logger.warn({ msg: 'rate limits not counted: redis unreachable', err: error });
  }
}
