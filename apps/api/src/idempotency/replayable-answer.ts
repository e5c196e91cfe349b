/**
 * The part of an answer an Idempotency-Key store may keep, by an allow-list of fields: ids, states
 * and the job envelope, a redirect URL, an error's code and message. Everything else (titles, text,
 * step results, names, secrets) is left out, so the store never holds what a user wrote; a replay
 * answers with these fields (read the resource by its id for the rest).
 */
const KEPT_FIELDS = new Set([
  'id',
  'type',
  'status',
  'href',
  'url',
  'version',
  'source_type',
  'created_at',
  'updated_at',
  'received',
  'applied',
  'reason',
]);
const ID_FIELD = /^[a-z_]+_(id|ids|status)$/;

export function replayableAnswer(answer: unknown): unknown {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return null;
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(answer as Record<string, unknown>)) {
    if (field === 'error') {
      kept.error = errorOf(value);
    } else if (KEPT_FIELDS.has(field) || ID_FIELD.test(field)) {
      if (isScalar(value) || (Array.isArray(value) && value.every((item) => typeof item === 'string'))) kept[field] = value;
    }
  }
  return kept;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function errorOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return null;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : null, message: typeof message === 'string' ? message : null };
}
