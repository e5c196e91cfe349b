import { API_KEY_PREFIX, generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key.format.js';

describe('API key format', () => {
  it('has the scr_ prefix, 32 random bytes in base62 and a checksum', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^scr_[0-9A-Za-z]{49}$/);
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('never repeats', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey()));
    expect(keys.size).toBe(200);
  });

  it('rejects a key with one character changed (checksum), whatever the position', () => {
    const key = generateApiKey();
    for (const index of [4, 20, key.length - 1]) {
      const swapped = key[index] === 'a' ? 'b' : 'a';
      expect(isWellFormedApiKey(key.slice(0, index) + swapped + key.slice(index + 1))).toBe(false);
    }
  });

  it('rejects other shapes', () => {
    for (const bad of ['', 'scr_', 'sk_live_abc', `${generateApiKey()}x`, generateApiKey().replace('scr_', 'scx_')]) {
      expect(isWellFormedApiKey(bad)).toBe(false);
    }
  });

  it('hashes with SHA-256 (hex)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
