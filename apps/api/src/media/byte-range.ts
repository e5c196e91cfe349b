/** What a request's Range header asks of a file of `size` bytes (RFC 9110 §14). */
export type RangeRequest =
  /** No range, or one this server ignores (malformed, several ranges, a unit other than bytes): the whole file. */
  | { kind: 'whole' }
  /** One satisfiable range, clamped to the file (`end` inclusive). */
  | { kind: 'partial'; start: number; end: number }
  /** A range starting past the end (or a suffix of 0 bytes): 416. */
  | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=[ \t]*(\d{0,15})[ \t]*-[ \t]*(\d{0,15})[ \t]*$/i;

/**
 * Reads a Range header for one range of bytes (`bytes=0-99`, `bytes=100-`, `bytes=-100`).
 * Anything else — several ranges, another unit, a malformed header — is ignored and the whole
 * file is served, as RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = SINGLE.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // A suffix: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
