import { ScriptoriumError } from '@scriptorium/sdk';

export interface ShownError {
  /** One sentence for the person: what went wrong. */
  message: string;
  /** The stable code, to quote or search for. */
  code?: string;
  status?: number;
  requestId?: string;
  /** Field name → what is wrong with it, shown beside the field. */
  fields: Record<string, string>;
}

const WORDS: Record<string, string> = {
  unauthorized: 'You are signed out. Sign in again.',
  csrf_token_invalid: 'Your session could not be verified. Reload the page and try again.',
  insufficient_scope: 'This key is not allowed to do that.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  credits_exhausted: 'Your credits are used up. Buy credits or upgrade your plan on Usage & billing.',
  spending_cap_reached: 'This would go over your monthly spending cap. Raise it on Usage & billing.',
  payload_too_large: 'That is too large.',
  file_too_large: 'That file is too large.',
  unsupported_media_type: 'That kind of file is not supported.',
  service_unavailable: 'The service is unavailable for a moment. Try again shortly.',
  internal_error: 'Something went wrong on our side.',
  billing_not_configured: 'Billing is not set up on this server.',
  job_finished: 'This job has already finished.',
  slug_taken: 'That slug is already used by another post.',
};

/** A thrown error in words: problem+json answers by their code and detail, field errors by field. */
export function describeError(error: unknown): ShownError {
  if (error instanceof ScriptoriumError) {
    const fields: Record<string, string> = {};
    for (const problem of error.errors) {
      const name = problem.field.replace(/^body\./, '');
      fields[name] = fields[name] ? `${fields[name]}; ${problem.message}` : problem.message;
    }
    const known = WORDS[error.code];
    const message = error.status >= 500 ? (known ?? WORDS.internal_error!) : known && error.code !== 'bad_request' ? `${known} (${error.detail})` : error.detail || error.message;
    return { message, code: error.code, status: error.status, requestId: error.requestId, fields };
  }
  if (error instanceof Error && error.name === 'AbortError') return { message: 'Stopped.', fields: {} };
  if (error instanceof TypeError) return { message: 'The server could not be reached. Check your connection.', fields: {} };
  return { message: error instanceof Error ? error.message : String(error), fields: {} };
}
