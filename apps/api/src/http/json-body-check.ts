import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldProblem } from '@app/shared';

/** How deeply a JSON body may nest (`[]` or `{}` is one level); no request of ours needs more than a few. */
export const MAX_JSON_DEPTH = 32;

/**
 * What is wrong with a parsed JSON body as a whole, if anything: nesting deeper than `maxDepth`,
 * or a string holding U+0000 (PostgreSQL text and jsonb cannot store it). Walked with a stack of
 * our own, so a body of 100,000 nested arrays (a few hundred KB, parsed fine by V8) is refused
 * before anything recursive (validation, class-transformer, hashing) sees it.
 */
export function jsonBodyProblem(body: unknown, maxDepth = MAX_JSON_DEPTH): FieldProblem | undefined {
  const pending: [node: unknown, path: string, depth: number][] = [[body, '', 0]];
  while (pending.length > 0) {
    const [node, path, depth] = pending.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return { field: path || 'body', message: `${path || 'body'} must not contain the NUL character (U+0000)` };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > maxDepth) return { field: 'body', message: `the JSON body nests deeper than ${maxDepth} levels` };
    const entries: [string, unknown][] = Array.isArray(node) ? node.map((child, index) => [String(index), child]) : Object.entries(node);
    for (const [key, child] of entries) {
      if (child !== null && (typeof child === 'object' || typeof child === 'string')) pending.push([child, path ? `${path}.${key}` : key, depth + 1]);
    }
  }
  return undefined;
}

/** Express middleware right after the body parsers (JSON and form): a 400 naming the field for what jsonBodyProblem finds. */
export function rejectUnstorableJson(request: Request, _response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  const problem = body !== null && typeof body === 'object' ? jsonBodyProblem(body) : undefined;
  next(problem ? DomainError.badField(problem.field, problem.message) : undefined);
}
