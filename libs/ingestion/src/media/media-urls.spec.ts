import { appConfig, type Environment } from '@app/shared';
import { storageConfig } from '../storage/storage.config.js';
import { MediaUrls, ORIGINAL_VARIANT, variantName } from './media-urls.js';

const ID = '0b6f3c1e-8a7d-4c55-9d1e-2f3a4b5c6d7e';
const OTHER_ID = '1c7a4d2f-9b8e-4d66-8e2f-3a4b5c6d7e8f';
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

function mediaUrls(overrides: Environment = {}): MediaUrls {
  const env = {
    PUBLIC_URL: 'https://blog.example.com/',
    APP_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
    MEDIA_URL_TTL_S: '3600',
    ...overrides,
  };
  return new MediaUrls(appConfig.from(env), storageConfig.from(env));
}

function queryOf(url: string): { path: string; expires: string; signature: string } {
  const parsed = new URL(url);
  return { path: parsed.pathname, expires: parsed.searchParams.get('expires')!, signature: parsed.searchParams.get('signature')! };
}

describe('MediaUrls', () => {
  const urls = mediaUrls();

  it('builds stable URLs under PUBLIC_URL and names variants', () => {
    expect(urls.url(ID, ORIGINAL_VARIANT)).toBe(`https://blog.example.com/api/v1/media/${ID}/original`);
    expect(variantName({ width: 768, format: 'webp' })).toBe('768.webp');
    expect(urls.url(ID, '768.webp')).toBe(`https://blog.example.com/api/v1/media/${ID}/768.webp`);
  });

  it('signs a URL that verifies until it expires', () => {
    const signed = urls.signedUrl(ID, '768.webp', 600, NOW);
    const { path, expires, signature } = queryOf(signed.url);
    expect(path).toBe(`/api/v1/media/${ID}/768.webp`);
    expect(Number(expires)).toBe(NOW / 1000 + 600);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signed.expires_at).toBe(new Date(NOW + 600_000).toISOString());

    expect(urls.verify(ID, '768.webp', expires, signature, NOW)).toBe('ok');
    expect(urls.verify(ID, '768.webp', Number(expires), signature, NOW + 599_000)).toBe('ok');
    expect(urls.verify(ID, '768.webp', expires, signature, NOW + 600_000)).toBe('expired');
    expect(urls.verify(ID, '768.webp', expires, signature, NOW + 86_400_000)).toBe('expired');
  });

  it('defaults to MEDIA_URL_TTL_S and refuses a longer or non-positive lifetime', () => {
    expect(Number(queryOf(urls.signedUrl(ID, 'original', undefined, NOW).url).expires)).toBe(NOW / 1000 + 3600);
    expect(() => urls.signedUrl(ID, 'original', 3601, NOW)).toThrow(RangeError);
    expect(() => urls.signedUrl(ID, 'original', 0, NOW)).toThrow(RangeError);
    expect(() => urls.signedUrl(ID, 'original', 1.5, NOW)).toThrow(RangeError);
  });

  it('rejects a tampered id, variant, expiry or signature as invalid', () => {
    const { expires, signature } = queryOf(urls.signedUrl(ID, '768.webp', 600, NOW).url);
    expect(urls.verify(OTHER_ID, '768.webp', expires, signature, NOW)).toBe('invalid');
    expect(urls.verify(ID, '1200.webp', expires, signature, NOW)).toBe('invalid');
    expect(urls.verify(ID, 'original', expires, signature, NOW)).toBe('invalid');
    expect(urls.verify(ID, '768.webp', String(Number(expires) + 1), signature, NOW)).toBe('invalid');
    // Pushing an expired URL's expiry forward does not revive it.
    expect(urls.verify(ID, '768.webp', String(Number(expires) + 3600), signature, NOW + 3_000_000)).toBe('invalid');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(urls.verify(ID, '768.webp', expires, flipped, NOW)).toBe('invalid');
    expect(urls.verify(ID, '768.webp', expires, signature.slice(0, -1), NOW)).toBe('invalid');
    expect(urls.verify(ID, '768.webp', expires, '', NOW)).toBe('invalid');
    expect(urls.verify(ID, '768.webp', `${expires}.0`, signature, NOW)).toBe('invalid');
    expect(urls.verify(ID, '768.webp', '-1', signature, NOW)).toBe('invalid');
  });

  it('accepts only the canonical spelling of a signature and an expiry', () => {
    const { expires, signature } = queryOf(urls.signedUrl(ID, '768.webp', 600, NOW).url);
    // 43 base64url characters hold 258 bits for 256: the last one's 2 low bits are unused, so the
    // three other characters sharing its 4 high bits decode to the very same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = alphabet.indexOf(signature.at(-1)!);
    const twins = [1, 2, 3].map((low) => `${signature.slice(0, -1)}${alphabet[(index & ~3) | ((index + low) & 3)]}`);
    for (const twin of twins) {
      expect(twin).not.toBe(signature);
      expect(Buffer.from(twin, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
      expect(urls.verify(ID, '768.webp', expires, twin, NOW)).toBe('invalid');
    }
    expect(urls.verify(ID, '768.webp', `0${expires}`, signature, NOW)).toBe('invalid');
    expect(urls.verify(ID, '768.webp', expires, signature, NOW)).toBe('ok');
  });

  it('rejects a URL signed under another APP_SECRET', () => {
    const other = mediaUrls({ APP_SECRET: 'another-secret-of-at-least-thirty-two-characters' });
    const { expires, signature } = queryOf(other.signedUrl(ID, 'original', 600, NOW).url);
    expect(other.verify(ID, 'original', expires, signature, NOW)).toBe('ok');
    expect(urls.verify(ID, 'original', expires, signature, NOW)).toBe('invalid');
  });

  it('rejects a correctly signed expiry beyond MEDIA_URL_TTL_S from now', () => {
    const longLived = mediaUrls({ MEDIA_URL_TTL_S: '604800' });
    const { expires, signature } = queryOf(longLived.signedUrl(ID, 'original', 604_800, NOW).url);
    expect(longLived.verify(ID, 'original', expires, signature, NOW)).toBe('ok');
    // Same key, but this instance allows one hour: a week-long URL is absurd to it.
    expect(urls.verify(ID, 'original', expires, signature, NOW)).toBe('invalid');
    expect(urls.verify(ID, 'original', expires, signature, NOW + (604_800 - 3600) * 1000)).toBe('ok');
  });

  it('signs every stable media URL in Markdown, HTML and JSON with one expiry, leaving other URLs alone', () => {
    const stable = urls.url(ID, 'original');
    const variant = urls.url(OTHER_ID, '768.webp');
    const foreign = `https://cdn.example.org/api/v1/media/${ID}/original`;
    const text = [
      `![A chart](${stable} "chart") and [the variant](${variant}).`,
      `<picture><source srcset="${variant} 768w" type="image/webp"><img src="${stable}" alt="x"></picture>`,
      JSON.stringify({ url: stable, other: foreign, page: 'https://blog.example.com/posts/1' }),
      `not media: https://blog.example.com/api/v1/media/not-a-uuid/original and ${foreign}`,
    ].join('\n');

    const signed = urls.signUrlsIn(text, 900, NOW);
    const found = [...signed.matchAll(/https:\/\/blog\.example\.com\/api\/v1\/media\/[0-9a-f-]{36}\/[^\s"')]+/g)].map((match) => match[0]);
    expect(found).toHaveLength(5);
    for (const url of found) {
      const { path, expires, signature } = queryOf(url);
      const [, , , , id, name] = path.split('/');
      expect(Number(expires)).toBe(NOW / 1000 + 900);
      expect(urls.verify(id!, name!, expires, signature, NOW)).toBe('ok');
    }
    expect(found.filter((url) => url.includes(`/${OTHER_ID}/768.webp?`))).toHaveLength(2);
    expect(signed).toMatch(/\[the variant\]\(https:\/\/blog\.example\.com\/api\/v1\/media\/[0-9a-f-]{36}\/768\.webp\?expires=\d+&signature=[\w-]{43}\)\./);
    expect(signed).toContain(`${foreign}"`);
    expect(signed).toContain(`and ${foreign}`);
    expect(signed).toContain('"page":"https://blog.example.com/posts/1"');
    expect(signed).toContain('https://blog.example.com/api/v1/media/not-a-uuid/original and');
    // Signing again leaves already signed URLs untouched.
    expect(urls.signUrlsIn(signed, 60, NOW + 5000)).toBe(signed);
  });

  it('leaves text without media URLs unchanged', () => {
    const text = '# Title\n\nJust words and [a link](https://example.com/).';
    expect(urls.signUrlsIn(text, 60, NOW)).toBe(text);
  });
});
