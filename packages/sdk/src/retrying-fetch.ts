export interface RetryPolicy {
  /** Retries after a network error, 429, 502, 503 or 504 (0 = none). */
  retries: number;
  /** First delay in ms; doubled each retry (a `Retry-After` up to 60 s wins). */
  initialDelayMs: number;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

/** A random Idempotency-Key (a UUID), in browsers and Node alike. */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Wraps fetch so that every POST carries an Idempotency-Key (a new one unless the caller set one)
 * and a request that is safe to repeat — a GET, HEAD or DELETE, or a POST with its key — is sent
 * again after a network error or a passing refusal. A repeated POST carries the same key, so the
 * server answers it with the first request's result instead of doing the work twice.
 */
export function retryingFetch(base: typeof fetch, policy: RetryPolicy, automaticKeys: boolean): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (automaticKeys && request.method === 'POST' && !request.headers.has('Idempotency-Key')) {
      request.headers.set('Idempotency-Key', newIdempotencyKey());
    }
    const repeatable = ['GET', 'HEAD', 'DELETE'].includes(request.method) || request.headers.has('Idempotency-Key');
    for (let attempt = 0; ; attempt += 1) {
      const last = !repeatable || attempt >= policy.retries;
      try {
        const response = await base(last ? request : request.clone());
        if (last || !RETRIED_STATUSES.has(response.status)) return response;
        await response.body?.cancel();
        await sleep(delayFor(response, policy, attempt), request.signal);
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        await sleep(policy.initialDelayMs * 2 ** attempt, request.signal);
      }
    }
  };
}

function delayFor(response: Response, policy: RetryPolicy, attempt: number): number {
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
  return policy.initialDelayMs * 2 ** attempt;
}

export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
