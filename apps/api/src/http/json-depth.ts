import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/shared';

/** How deeply a JSON body may nest (`[]` or `{}` is one level); no request of ours needs more than a few. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than `limit`, counted with a stack of our own, so that a
 * body of 100,000 nested arrays (a few hundred KB, parsed fine by V8) is refused before anything
 * recursive (validation, class-transformer, hashing) walks it.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [node: unknown, depth: number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** Express middleware right after the JSON body parser: 400 naming `body` for a body nested too deeply. */
export function rejectDeepJson(request: Request, _response: Response, next: NextFunction): void {
  if (request.body !== null && typeof request.body === 'object' && nestsDeeperThan(request.body, MAX_JSON_DEPTH)) {
    next(DomainError.badField('body', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
    return;
  }
  next();
}
