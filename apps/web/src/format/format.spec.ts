import { formatBytes, formatChars, formatDate, formatDuration, formatMicros, lengthCounter } from './format';

describe('dashboard formatting', () => {
  it('writes sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(null)).toBe('–');
  });

  it('writes text lengths', () => {
    expect(formatChars(999)).toBe('999 chars');
    expect(formatChars(12_345)).toBe('12k chars');
    expect(formatChars(2_500)).toBe('2.5k chars');
  });

  it('writes micro-dollars so that a small cost does not read as zero', () => {
    expect(formatMicros(1_500_000)).toBe('$1.50');
    expect(formatMicros(1_234)).toBe('$0.0012');
    expect(formatMicros(0)).toBe('$0.00');
    expect(formatMicros(-2_000_000)).toBe('-$2.00');
    expect(formatMicros(undefined)).toBe('–');
  });

  it('writes durations', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2_500)).toBe('2.5 s');
    expect(formatDuration(75_000)).toBe('1 min 15 s');
  });

  it('writes dates in UTC and survives bad input', () => {
    expect(formatDate('2026-12-02T07:30:05.000Z')).toBe('2026-12-02 07:30 UTC');
    expect(formatDate('not a date')).toBe('–');
  });

  it('counts SEO field lengths by characters, not UTF-16 units', () => {
    expect(lengthCounter('a'.repeat(60), 60)).toEqual({ label: '60 / 60', over: false });
    expect(lengthCounter('a'.repeat(61), 60)).toEqual({ label: '61 / 60', over: true });
    expect(lengthCounter('😀'.repeat(3), 60).label).toBe('3 / 60');
  });
});
