import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { RequestWithPrincipal } from '../auth/principal.js';

/** Limits per API key, else per user (session), else per client IP for anonymous routes. */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as RequestWithPrincipal).principal;
    if (principal?.apiKeyId) return `key:${principal.apiKeyId}`;
    if (principal) return `user:${principal.user.id}`;
    return `ip:${String(request.ip)}`;
  }
}
