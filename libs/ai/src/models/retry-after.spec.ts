import { DEFAULT_BACK_OFF_MS, retryAfterMs } from './retry-after.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-12-02T08:00:00Z');

  it('reads retry-after-ms first, then Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 02 Dec 2026 08:00:07 GMT' }), now)).toBe(7000);
  });

  it('falls back to the default for a missing, past or unreadable value', () => {
    expect(retryAfterMs(new Headers(), now)).toBe(DEFAULT_BACK_OFF_MS);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 02 Dec 2026 07:00:00 GMT' }), now)).toBe(DEFAULT_BACK_OFF_MS);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBe(DEFAULT_BACK_OFF_MS);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '-5' }), now)).toBe(DEFAULT_BACK_OFF_MS);
  });
});
