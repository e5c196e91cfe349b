import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { RedisService } from '../redis/redis.service.js';
import { sessionsConfig } from './sessions.config.js';

export interface SessionRecord {
  userId: string;
  createdAt: string;
}

/** Server-side sessions in Redis: the cookie holds only a random id, so logout and expiry are real. */
@Injectable()
export class SessionsService {
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: RedisService,
    @Inject(sessionsConfig.KEY) sessions: ConfigType<typeof sessionsConfig>,
  ) {
    this.ttlSeconds = sessions.ttlHours * 3600;
  }

  get ttlMs(): number {
    return this.ttlSeconds * 1000;
  }

  async create(userId: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const record: SessionRecord = { userId, createdAt: new Date().toISOString() };
    await this.redis.client.set(this.key(id), JSON.stringify(record), 'EX', this.ttlSeconds);
    return id;
  }

  async get(id: string): Promise<SessionRecord | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const raw = await this.redis.client.get(this.key(id));
    return raw ? (JSON.parse(raw) as SessionRecord) : null;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.client.del(this.key(id));
  }

  private key(id: string): string {
    return this.redis.key('session', id);
  }
}
