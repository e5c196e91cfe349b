/** What a 429 without a usable Retry-After holds new calls for. */
export const DEFAULT_BACK_OFF_MS = 1_000;

/**
 * How long a provider asks to wait: `retry-after-ms` (OpenAI's), else `Retry-After` as seconds or
 * an HTTP date; DEFAULT_BACK_OFF_MS when neither says.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number {
  const ms = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (value) {
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (Number.isFinite(at) && at > now) return at - now;
  }
  return DEFAULT_BACK_OFF_MS;
}
