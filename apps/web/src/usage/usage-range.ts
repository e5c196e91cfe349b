/** The usage page's default range: the last 30 UTC days, today included (YYYY-MM-DD). */
export function defaultRange(now: Date): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** The monthly cap typed in dollars, as the API's cents; empty removes the cap (null). */
export function capCentsOf(input: string): { ok: true; cents: number | null } | { ok: false; error: string } {
  const text = input.trim();
  if (text === '') return { ok: true, cents: null };
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { ok: false, error: 'An amount in dollars, e.g. 25 or 25.50.' };
  const cents = Math.round(Number(text) * 100);
  if (cents < 1) return { ok: false, error: 'At least $0.01, or empty for no cap.' };
  return { ok: true, cents };
}
