import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisService } from '../redis/redis.service.js';
import type { ApiKey } from './api-key.entity.js';
import type { User } from './user.entity.js';

/** How long a verified key is answered from memory before the database is asked again. */
export const API_KEY_CACHE_TTL_MS = 30_000;
/** At most this many keys are held; the oldest entry goes first. */
export const API_KEY_CACHE_MAX_ENTRIES = 10_000;

export interface CachedApiKey {
  key: ApiKey;
  user: User;
  /** When this process last recorded the key's use (see ApiKeysService.touch). */
  touchedAt: number;
}

interface Entry extends CachedApiKey {
  expiresAt: number;
}

/**
 * Verified API keys (by secret hash), kept briefly in the memory of each API process so that a
 * request needs no database round trip to authenticate. A revoked key (or a changed user) is
 * dropped at once in every process: the change is published on a Redis channel that each process
 * with a cache subscribes to. The cache is used only while that subscription is live; without it
 * (Redis down, reconnecting) every request asks the database, as if there were no cache.
 * The subscription opens on first use, so processes that never authenticate keys (the worker)
 * hold no extra connection.
 */
@Injectable()
export class ApiKeyCache implements OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly entries = new Map<string, Entry>();
  private subscriber: Redis | undefined;
  private live = false;
  private closed = false;
  /** Bumped by every invalidation: an entry read from the database before one is not stored. */
  private generation = 0;

  constructor(private readonly redis: RedisService) {}

  private get channel(): string {
    return this.redis.key('api-keys', 'invalidate');
  }

  /** The cached key for this secret hash, if the cache is live and the entry fresh. */
  get(hash: string): CachedApiKey | undefined {
    this.start();
    if (!this.live) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Call before reading a key from the database; pass the result to set(). */
  snapshot(): number {
    return this.generation;
  }

  /** Stores what the database answered, unless something was invalidated since `snapshot` (it may be stale). */
  set(hash: string, value: CachedApiKey, snapshot: number): void {
    if (!this.live || snapshot !== this.generation) return;
    this.entries.delete(hash);
    if (this.entries.size >= API_KEY_CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { ...value, expiresAt: Date.now() + API_KEY_CACHE_TTL_MS });
  }

  /** Drops the key in this process at once and in every other one through Redis. */
  async invalidateKey(keyId: string): Promise<void> {
    this.drop(`key:${keyId}`);
    await this.publish(`key:${keyId}`);
  }

  /** Drops every key of the user (their profile changed) here and in every other process. */
  async invalidateUser(userId: string): Promise<void> {
    this.drop(`user:${userId}`);
    await this.publish(`user:${userId}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.live = false;
    this.entries.clear();
    this.subscriber?.disconnect();
  }

  private async publish(message: string): Promise<void> {
    try {
      await this.redis.client.publish(this.channel, message);
    } catch (error) {
      // Other processes cannot be told: they stop trusting their caches once their own
      // subscription notices Redis is gone (their entries are cleared then).
      this.logger.warn({ msg: 'api key invalidation not published: redis unreachable', err: error });
    }
  }

  private drop(message: string): void {
    this.generation += 1;
    const [kind, id] = message.split(':', 2);
    for (const [hash, entry] of this.entries) {
      if ((kind === 'key' && entry.key.id === id) || (kind === 'user' && entry.user.id === id)) this.entries.delete(hash);
    }
  }

  private start(): void {
    if (this.subscriber || this.closed) return;
    const subscriber = this.redis.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.drop(message);
    });
    // Whatever was published while the connection was down is lost: forget everything and wait
    // for the subscription to be back before trusting the cache again.
    subscriber.on('close', () => {
      this.live = false;
      this.generation += 1;
      this.entries.clear();
    });
    subscriber.on('ready', () => void this.subscribe(subscriber));
    subscriber.connect().catch(() => undefined);
  }

  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel);
      if (!this.closed && subscriber.status === 'ready') this.live = true;
    } catch {
      // The 'ready' after the next reconnect tries again.
    }
  }
}
