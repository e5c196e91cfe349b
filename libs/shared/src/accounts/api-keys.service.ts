import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RedisService } from '../redis/redis.service.js';
import { ApiKeyCache } from './api-key-cache.js';
import { ApiKey } from './api-key.entity.js';
import { DISPLAY_PREFIX_LENGTH, generateApiKey, hashApiKey, isWellFormedApiKey, sameHash } from './api-key.format.js';
import type { Scope } from './scopes.js';
import { User } from './user.entity.js';

/** last_used_at is written at most once per key in this many seconds. */
const LAST_USED_RESOLUTION_S = 60;

export interface AuthenticatedKey {
  key: ApiKey;
  user: User;
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly em: EntityManager,
    private readonly redis: RedisService,
    private readonly cache: ApiKeyCache,
  ) {}

  /** Creates a key; the returned secret is never retrievable again. */
  async create(userId: string, name: string, scopes: Scope[]): Promise<{ key: ApiKey; secret: string }> {
    const em = this.em.fork();
    const secret = generateApiKey();
    const key = em.create(ApiKey, {
      user: em.getReference(User, userId),
      name,
      scopes: [...new Set(scopes)],
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secretHash: hashApiKey(secret),
    });
    await em.flush();
    return { key, secret };
  }

  async list(userId: string): Promise<ApiKey[]> {
    return this.em.fork().find(ApiKey, { user: userId, revokedAt: null }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Revokes one of the user's keys; false when the user has no such (active) key. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const em = this.em.fork();
    const key = await em.findOne(ApiKey, { id, user: userId, revokedAt: null });
    if (!key) return false;
    key.revokedAt = new Date();
    await em.flush();
    await this.cache.invalidateKey(key.id);
    return true;
  }

  /** The active key and its user, or null for a malformed, unknown or revoked key (callers answer one 401 for all). */
  async authenticate(candidate: string): Promise<AuthenticatedKey | null> {
    if (!isWellFormedApiKey(candidate)) return null;
    const hash = hashApiKey(candidate);
    // A key verified moments ago is answered from memory (revocations reach every process's cache at once).
    const cached = this.cache.get(hash);
    if (cached) {
      if (Date.now() - cached.touchedAt >= LAST_USED_RESOLUTION_S * 1000) {
        cached.touchedAt = Date.now();
        await this.touch(cached.key);
      }
      return { key: cached.key, user: cached.user };
    }
    const snapshot = this.cache.snapshot();
    const em = this.em.fork();
    const key = await em.findOne(ApiKey, { secretHash: hash }, { populate: ['user'] });
    if (!key || key.revokedAt || !sameHash(key.secretHash, hash)) return null;
    await this.touch(key);
    this.cache.set(hash, { key, user: key.user, touchedAt: Date.now() }, snapshot);
    return { key, user: key.user };
  }

  /** Records last_used_at at most once per LAST_USED_RESOLUTION_S for the key, across processes. */
  private async touch(key: ApiKey): Promise<void> {
    const fresh = await this.redis.client
      .set(this.redis.key('api-key-used', key.id), '1', 'EX', LAST_USED_RESOLUTION_S, 'NX')
      .catch(() => null);
    if (fresh !== 'OK') return;
    await this.em.fork().nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: new Date() });
  }
}
