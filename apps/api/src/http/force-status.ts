import type { Response } from 'express';

/**
 * Nest answers with the route's fixed status (202 for the step routes) after the handler and
 * interceptors ran; this pins another one for this response only, e.g. 200 when a client's
 * `Prefer: wait` was met, or the stored status of an idempotent replay.
 */
export function forceStatus(response: Response, code: number): void {
  const setStatus = response.status.bind(response);
  response.status = () => setStatus(code);
  setStatus(code);
}
