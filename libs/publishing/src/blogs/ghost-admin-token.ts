import { createHmac } from 'node:crypto';
import { DomainError } from '@app/shared';

/** A Ghost Admin API key as Ghost shows it: `<24 hex id>:<64 hex secret>`. */
export const GHOST_ADMIN_KEY_PATTERN = /^[0-9a-f]{24}:[0-9a-f]{64}$/;

/** Lifetime of an Admin API token: Ghost refuses tokens valid for more than 5 minutes. */
const TOKEN_TTL_S = 5 * 60;

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * A short-lived Admin API token: a JWT (HS256) with the key id as `kid`, audience `/admin/`,
 * signed with the key's secret decoded from hex — what Ghost's Admin API expects after
 * `Authorization: Ghost `.
 */
export function ghostAdminToken(adminKey: string, now: number = Date.now()): string {
  if (!GHOST_ADMIN_KEY_PATTERN.test(adminKey)) {
    throw new DomainError('publish_unauthorized', 'the Ghost Admin API key is not <id>:<secret> in hex');
  }
  const [id, secret] = adminKey.split(':') as [string, string];
  const iat = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: id }));
  const payload = base64url(JSON.stringify({ iat, exp: iat + TOKEN_TTL_S, aud: '/admin/' }));
  const signature = createHmac('sha256', Buffer.from(secret, 'hex')).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
