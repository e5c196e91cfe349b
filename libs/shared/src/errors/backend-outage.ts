/** Socket codes and PostgreSQL SQLSTATEs (class 08, shutdown, too many connections) of a service that cannot be reached now. */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300',
]);
/** What ioredis and pg say when their connection is gone (they give these errors no code). */
const OUTAGE_MESSAGES = /^(Stream isn't writeable|Connection is closed|Reached the max retries per request limit|Connection terminated|timeout exceeded when trying to connect)/;

/**
 * Whether an error (or one of its causes) says that Redis or PostgreSQL could not be reached: the
 * same request may well succeed in a moment, so it is a 503 with Retry-After rather than a 500.
 */
export function isBackendOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client is asked to wait (Retry-After) after a 503 for a passing outage. */
export const OUTAGE_RETRY_AFTER_S = 5;
