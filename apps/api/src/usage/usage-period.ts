import { DomainError } from '@app/shared';

const MAX_SPAN_DAYS = 366;
const DAY_MS = 86_400_000;

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string): string => {
  const start = new Date(`${monthStart(day)}T00:00:00Z`);
  return isoDay(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)));
};

/**
 * The UTC days a usage query covers, both included: `from`/`to` as given, else the month of the
 * other one, else the current month; 400 naming `to` when it is before `from` or over 366 days on.
 */
export function usagePeriod(query: { from?: string; to?: string }, now = new Date()): { from: string; to: string } {
  const today = isoDay(now);
  const from = query.from ?? monthStart(query.to ?? today);
  const to = query.to ?? monthEnd(query.from ?? today);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (span < 1) throw DomainError.badField('to', 'to must be on or after from');
  if (span > MAX_SPAN_DAYS) throw DomainError.badField('to', `to must be at most ${MAX_SPAN_DAYS} days from from (both included)`);
  return { from, to };
}
