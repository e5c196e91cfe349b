import { capCentsOf, defaultRange } from './usage-range';

describe('usage page inputs', () => {
  it('defaults to the last 30 UTC days', () => {
    expect(defaultRange(new Date('2026-12-02T23:30:00Z'))).toEqual({ from: '2026-11-03', to: '2026-12-02' });
  });

  it('reads the monthly cap in dollars as cents, empty as no cap', () => {
    expect(capCentsOf('25')).toEqual({ ok: true, cents: 2500 });
    expect(capCentsOf(' 25.5 ')).toEqual({ ok: true, cents: 2550 });
    expect(capCentsOf('')).toEqual({ ok: true, cents: null });
    expect(capCentsOf('0')).toMatchObject({ ok: false });
    expect(capCentsOf('1.234')).toMatchObject({ ok: false });
    expect(capCentsOf('-3')).toMatchObject({ ok: false });
  });
});
