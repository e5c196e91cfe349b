import { randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The TokenCipher context of an endpoint's secret: a sealed secret copied onto another endpoint does not decrypt. */
export function secretContext(endpoint: { id: string; userId: string }): string {
  return `webhook-endpoint:${endpoint.userId}:${endpoint.id}`;
}
