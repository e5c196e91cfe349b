import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/shared';

/** The first query parameter of `search` (without its `?`) that is given more than once. */
export function repeatedQueryParam(search: string): string | undefined {
  const seen = new Set<string>();
  for (const name of new URLSearchParams(search).keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** The first query parameter of `search` whose value holds a NUL character (PostgreSQL text cannot). */
export function nulQueryParam(search: string): string | undefined {
  for (const [name, value] of new URLSearchParams(search)) if (value.includes('\u0000')) return name;
  return undefined;
}

/**
 * Express middleware for every route: a query parameter given twice (`?limit=1&limit=2`) is a 400
 * naming it (no route takes a list in its query, and a repeated one reaches handlers as an array
 * where a string is expected), and so is one holding a NUL character (`?q=%00`), which no column
 * can store or compare.
 */
export function rejectRepeatedQueryParams(request: Request, _response: Response, next: NextFunction): void {
  const start = request.url.indexOf('?');
  if (start === -1) return next();
  const search = request.url.slice(start + 1);
  const repeated = repeatedQueryParam(search);
  if (repeated !== undefined) return next(DomainError.badField(repeated, `${repeated} may be given only once`));
  const withNul = nulQueryParam(search);
  if (withNul !== undefined) return next(DomainError.badField(withNul, `${withNul} must not contain the NUL character (U+0000)`));
  next();
}
