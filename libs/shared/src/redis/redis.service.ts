import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import { redisConfig } from './redis.config.js';

/** The process's Redis client for our own keys (sessions, rate limits, locks); BullMQ keeps its own connections. */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;
  private readonly prefix: string;

  constructor(@Inject(redisConfig.KEY) redis: ConfigType<typeof redisConfig>) {
    this.prefix = redis.prefix;
    this.client = new Redis(redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      // Commands fail at once while Redis is unreachable instead of queueing without bound.
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // Connection errors are reported by readiness checks; an unhandled 'error' event would crash the process.
    this.client.on('error', () => undefined);
  }

  /** Connects before the app serves; an unreachable Redis does not stop the start (readyz reports it). */
  async onModuleInit(): Promise<void> {
    try {
      await this.client.connect();
    } catch {
      this.logger.warn('redis unreachable at start; retrying in the background');
    }
  }

  /** A key under this install's prefix: key('session', id) → "scriptorium:session:<id>". */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
