export const HEALTH_TIMEOUT_MS = 1000;

/** Rejects when `work` takes longer than a health check may. */
export function withTimeout<T>(work: Promise<T>, ms = HEALTH_TIMEOUT_MS): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
