import { TokenCipher, TokenDecryptionError } from './token-cipher.js';

const SECRET = 'a-test-app-secret-that-is-long-enough-0123';

describe('TokenCipher', () => {
  const cipher = new TokenCipher(SECRET);

  it('round-trips a refresh token through a versioned string', () => {
    const sealed = cipher.encrypt('1//refresh-token-value');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('refresh-token-value');
    expect(cipher.decrypt(sealed)).toBe('1//refresh-token-value');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('decrypts with another instance built from the same secret', () => {
    expect(new TokenCipher(SECRET).decrypt(cipher.encrypt('token'))).toBe('token');
  });

  it('refuses a token sealed under another secret', () => {
    const other = new TokenCipher(`${SECRET}-rotated`);
    expect(() => other.decrypt(cipher.encrypt('token'))).toThrow(TokenDecryptionError);
  });

  it.each([
    ['a flipped ciphertext byte', (parts: string[]) => { const b = Buffer.from(parts[3], 'base64url'); b[0] ^= 1; parts[3] = b.toString('base64url'); }],
    ['a flipped tag byte', (parts: string[]) => { const b = Buffer.from(parts[2], 'base64url'); b[5] ^= 1; parts[2] = b.toString('base64url'); }],
    ['a changed IV', (parts: string[]) => { parts[1] = Buffer.alloc(12, 7).toString('base64url'); }],
    ['an unknown version', (parts: string[]) => { parts[0] = 'v2'; }],
    ['a missing part', (parts: string[]) => { parts.pop(); }],
    ['a truncated tag', (parts: string[]) => { parts[2] = parts[2].slice(0, 10); }],
  ])('detects tampering: %s', (_case, tamper) => {
    const parts = cipher.encrypt('secret-refresh-token').split('.');
    tamper(parts);
    expect(() => cipher.decrypt(parts.join('.'))).toThrow(TokenDecryptionError);
  });

  it('binds the context: a token moved to another owner does not decrypt', () => {
    const sealed = cipher.encrypt('token', 'user-1');
    expect(cipher.decrypt(sealed, 'user-1')).toBe('token');
    expect(() => cipher.decrypt(sealed, 'user-2')).toThrow(TokenDecryptionError);
  });

  it('refuses a short APP_SECRET', () => {
    expect(() => new TokenCipher('too-short')).toThrow(/at least 32/);
  });
});
