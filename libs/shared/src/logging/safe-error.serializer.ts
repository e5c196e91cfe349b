import { DriverException } from '@mikro-orm/core';

/** Members of a database error that say what failed without carrying any row data. */
const DATABASE_ERROR_KEPT = ['code', 'severity', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;
/** Members any error may carry that hold row data, queries with their values, or request bodies. */
const NEVER_LOGGED = new Set(['detail', 'where', 'hint', 'internalQuery', 'query', 'sql', 'params', 'parameters', 'values', 'bindings', 'body', 'sqlMessage', 'errmsg', 'raw']);
const MAX_CAUSES = 5;

type ErrorLike = Error & Record<string, unknown>;

function isErrorLike(value: unknown): value is ErrorLike {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

/** A MikroORM driver exception, or the pg driver's own DatabaseError (SQLSTATE code and severity). */
function isDatabaseError(error: ErrorLike): boolean {
  return error instanceof DriverException || (typeof error.severity === 'string' && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code));
}

/** The "    at …" lines of a stack: its first line repeats the message. */
function framesOf(stack: unknown): string | undefined {
  return typeof stack === 'string' ? stack.split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n') : undefined;
}

function serialize(error: ErrorLike, depth: number): Record<string, unknown> {
  const type = error.constructor?.name && error.constructor.name !== 'Object' ? error.constructor.name : error.name;
  if (isDatabaseError(error)) {
    // PostgreSQL puts the failing row into `detail` ("Failing row contains (…)") and MikroORM copies
    // it into the message; values also appear in messages such as "invalid input syntax … "<value>"".
    // Only the SQLSTATE and the names of what failed are kept.
    const out: Record<string, unknown> = { type, message: `database error ${String(error.code ?? 'unknown')}` };
    for (const key of DATABASE_ERROR_KEPT) if (typeof error[key] === 'string') out[key] = error[key];
    out.stack = framesOf(error.stack);
    return out;
  }
  const out: Record<string, unknown> = { type, message: error.message, stack: error.stack };
  for (const key of Object.keys(error)) {
    if (key in out || key === 'cause' || NEVER_LOGGED.has(key)) continue;
    const value = error[key];
    out[key] = isErrorLike(value) ? (depth < MAX_CAUSES ? serialize(value, depth + 1) : '[error]') : value;
  }
  if (error.cause !== undefined) {
    out.cause = isErrorLike(error.cause) ? (depth < MAX_CAUSES ? serialize(error.cause, depth + 1) : '[error]') : error.cause;
  }
  return out;
}

/**
 * The pino serializer of errors (the `err` and `error` keys of a log line): type, message, stack
 * and the error's own members, causes serialized the same way, minus what carries user data. A
 * database error keeps only its SQLSTATE, the constraint/table/column names and its stack frames.
 * Also takes what pino-http's wrapper hands over (pino's own serialization, the error under `raw`).
 */
export function serializeErrorSafely(value: unknown): unknown {
  const raw = typeof value === 'object' && value !== null && 'raw' in value && isErrorLike((value as { raw: unknown }).raw) ? (value as { raw: unknown }).raw : value;
  return isErrorLike(raw) ? serialize(raw, 0) : value;
}
