import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { RedisService } from '../redis/redis.service.js';
import { sessionsConfig } from './sessions.config.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * One-time login links for a local start without a GitHub app (`npm run cli -- user:login <login>`).
 * Only the token's SHA-256 is stored, in Redis with the link's lifetime, and the first use deletes
 * it (GETDEL), so a link works once and not after it expires.
 */
@Injectable()
export class LoginLinksService {
  constructor(
    private readonly redis: RedisService,
    @Inject(sessionsConfig.KEY) private readonly sessions: ConfigType<typeof sessionsConfig>,
  ) {}

  get ttlS(): number {
    return this.sessions.loginLinkTtlS;
  }

  /** A new token for the user (put it in the link; it is not kept anywhere in clear). */
  async create(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.client.set(this.key(token), userId, 'EX', this.sessions.loginLinkTtlS);
    return token;
  }

  /** The user the token was made for, once; null for an unknown, used or expired token. */
  async consume(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    return this.redis.client.getdel(this.key(token));
  }

  private key(token: string): string {
    return this.redis.key('login-link', createHash('sha256').update(token).digest('hex'));
  }
}
