import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { API_KEY_CACHE_MAX_ENTRIES, ApiKeyCache, type CachedApiKey } from './api-key-cache.js';
import type { RedisService } from '../redis/redis.service.js';

/** Two caches (two processes) on a real Redis, under a prefix of this file's own. */
describe('ApiKeyCache', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `${process.env.REDIS_PREFIX ?? 'test'}_api_key_cache_${randomBytes(3).toString('hex')}`;
  const clients: Redis[] = [];
  const caches: ApiKeyCache[] = [];

  async function newCache(): Promise<ApiKeyCache> {
    const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false });
    await client.connect();
    clients.push(client);
    const cache = new ApiKeyCache({ client, key: (...parts: string[]) => [prefix, ...parts].join(':') } as unknown as RedisService);
    caches.push(cache);
    cache.get('warm-up'); // opens the subscription
    await waitLive(cache);
    return cache;
  }

  /** Live once an entry it is given can be read back. */
  async function waitLive(cache: ApiKeyCache): Promise<void> {
    for (let tries = 0; tries < 100; tries += 1) {
      cache.set('probe', entry('probe-key', 'probe-user'), cache.snapshot());
      if (cache.get('probe')) return;
      await sleep(50);
    }
    throw new Error('the cache never subscribed');
  }

  const entry = (keyId: string, userId: string): CachedApiKey =>
    ({ key: { id: keyId }, user: { id: userId }, touchedAt: Date.now() }) as unknown as CachedApiKey;

  afterAll(async () => {
    for (const cache of caches) await cache.onApplicationShutdown();
    for (const client of clients) client.disconnect();
  });

  it('drops a revoked key in the other process, and only that key', async () => {
    const [here, there] = [await newCache(), await newCache()];
    there.set('hash-a', entry('key-a', 'user-1'), there.snapshot());
    there.set('hash-b', entry('key-b', 'user-1'), there.snapshot());
    await here.invalidateKey('key-a');
    for (let tries = 0; tries < 100 && there.get('hash-a'); tries += 1) await sleep(20);
    expect(there.get('hash-a')).toBeUndefined();
    expect(there.get('hash-b')).toBeDefined();
    await here.invalidateUser('user-1');
    for (let tries = 0; tries < 100 && there.get('hash-b'); tries += 1) await sleep(20);
    expect(there.get('hash-b')).toBeUndefined();
  });

  it('does not store what was read before an invalidation (it may be stale)', async () => {
    const cache = await newCache();
    const before = cache.snapshot();
    await cache.invalidateKey('key-c');
    cache.set('hash-c', entry('key-c', 'user-2'), before);
    expect(cache.get('hash-c')).toBeUndefined();
  });

  it('holds at most API_KEY_CACHE_MAX_ENTRIES keys, dropping the oldest', async () => {
    const cache = await newCache();
    for (let index = 0; index <= API_KEY_CACHE_MAX_ENTRIES; index += 1) cache.set(`hash-${index}`, entry(`key-${index}`, 'user-3'), cache.snapshot());
    expect(cache.get('hash-0')).toBeUndefined();
    expect(cache.get(`hash-${API_KEY_CACHE_MAX_ENTRIES}`)).toBeDefined();
  });

  it('answers nothing from memory once shut down', async () => {
    const cache = await newCache();
    cache.set('hash-d', entry('key-d', 'user-4'), cache.snapshot());
    await cache.onApplicationShutdown();
    expect(cache.get('hash-d')).toBeUndefined();
  });
});
