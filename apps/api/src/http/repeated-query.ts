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

/**
 * Express middleware for every route: a query parameter given twice (`?limit=1&limit=2`) is a 400
 * naming it. No route takes a list in its query, and a repeated one reaches handlers as an array
 * where a string is expected.
 */
export function rejectRepeatedQueryParams(request: Request, _response: Response, next: NextFunction): void {
  const start = request.url.indexOf('?');
  const name = start === -1 ? undefined : repeatedQueryParam(request.url.slice(start + 1));
  if (name !== undefined) {
    next(DomainError.badField(name, `${name} may be given only once`));
    return;
  }
  next();
}
