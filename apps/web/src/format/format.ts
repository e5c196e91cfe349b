/** How the dashboard writes numbers, sizes, money, durations and dates (pure: unit-tested). */

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Characters of text, e.g. "12.3k chars". */
export function formatChars(count: number | null | undefined): string {
  if (count === null || count === undefined) return '–';
  if (count < 1000) return `${count} chars`;
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k chars`;
  return `${(count / 1_000_000).toFixed(1)}M chars`;
}

/** Micro-units of money (1 USD = 1,000,000) as dollars; small amounts keep enough digits to not read as zero. */
export function formatMicros(micros: number | null | undefined, currency = 'USD'): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '–';
  const amount = micros / 1_000_000;
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : new Intl.NumberFormat('en-US').format(value);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '–';
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** An SEO field's length against its limit: "54 / 60", over when past it. */
export function lengthCounter(text: string, limit: number): { label: string; over: boolean } {
  const length = [...text].length;
  return { label: `${length} / ${limit}`, over: length > limit };
}

export const SEO_LIMITS = { title: 60, description: 160 } as const;
