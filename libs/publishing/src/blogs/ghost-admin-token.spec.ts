import { createHmac } from 'node:crypto';
import { ghostAdminToken } from './ghost-admin-token.js';

const ID = '6489a1b2c3d4e5f601234567';
const SECRET = 'ab'.repeat(32);

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('ghostAdminToken', () => {
  it('is an HS256 JWT with the key id as kid, audience /admin/ and five minutes of life, signed with the hex-decoded secret', () => {
    const now = Date.UTC(2026, 11, 2, 8, 0, 0);
    const token = ghostAdminToken(`${ID}:${SECRET}`, now);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT', kid: ID });
    expect(decode(payload)).toEqual({ iat: now / 1000, exp: now / 1000 + 300, aud: '/admin/' });
    expect(signature).toBe(createHmac('sha256', Buffer.from(SECRET, 'hex')).update(`${header}.${payload}`).digest('base64url'));
    // Signed with the secret as text instead would not verify.
    expect(signature).not.toBe(createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url'));
  });

  it.each(['', 'id:secret', `${ID}${SECRET}`, `${ID}:${SECRET.slice(2)}`, `${ID.toUpperCase()}:${SECRET}`])('refuses a malformed key %p without echoing it', (key) => {
    expect(() => ghostAdminToken(key)).toThrow(expect.objectContaining({ code: 'publish_unauthorized' }));
    try {
      ghostAdminToken(key);
    } catch (error) {
      if (key) expect((error as Error).message).not.toContain(key);
    }
  });
});
