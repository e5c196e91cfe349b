import type { OpenAPIObject } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/shared';

/** The body schema (a named component, without the Dto suffix) of each event type. */
const PAYLOADS: Record<WebhookEventType, string> = {
  'job.succeeded': 'JobWebhookEvent',
  'job.failed': 'JobWebhookEvent',
  'job.canceled': 'JobWebhookEvent',
  'post.created': 'PostWebhookEvent',
  'post.published': 'PostWebhookEvent',
  'usage.threshold_reached': 'UsageThresholdWebhookEvent',
};

const WHEN: Record<WebhookEventType, string> = {
  'job.succeeded': 'a job succeeded',
  'job.failed': 'a job failed (its last attempt, or a non-retryable error); `data.error.code` says why',
  'job.canceled': 'a job was canceled',
  'post.created': 'a post was written (by generate_blog)',
  'post.published': 'a post was published to a blog (publishing targets)',
  'usage.threshold_reached': "the month-to-date cost reached one of USAGE_ALERT_THRESHOLDS_MICROS (once per threshold and month)",
};

const HEADERS = [
  ['webhook-id', 'the event id: the same on every retry and redelivery (use it to drop duplicates)'],
  ['webhook-timestamp', 'when this attempt was signed, in seconds since the epoch (refuse old ones)'],
  ['webhook-signature', '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the endpoint\'s `whsec_` secret'],
] as const;

/**
 * Documents what the API sends to webhook endpoints, as `x-webhooks` (the OpenAPI 3.0 extension
 * Redoc and Redocly read; OpenAPI 3.1 calls it `webhooks`): one entry per event type.
 */
export function documentWebhooks(document: OpenAPIObject): OpenAPIObject {
  (document as OpenAPIObject & { 'x-webhooks': Record<string, unknown> })['x-webhooks'] = Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `webhookEvents.${type.replace(/[._](\w)/g, (_, letter: string) => letter.toUpperCase())}`,
          summary: `${type}: ${WHEN[type]}`,
          description:
            'POSTed to each enabled endpoint subscribed to this event, signed per Standard Webhooks (verify with any of its ' +
            'libraries, e.g. the `standardwebhooks` npm package). A 2xx answer within WEBHOOK_TIMEOUT_MS acknowledges it; ' +
            'anything else is retried with exponential backoff for up to WEBHOOK_RETRY_WINDOW_S (3 days).',
          tags: ['webhooks'],
          // Not a call to the API: the receiver authenticates it by its signature.
          security: [],
          parameters: HEADERS.map(([name, description]) => ({ name, in: 'header', required: true, schema: { type: 'string' }, description })),
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${PAYLOADS[type]}` } } } },
          responses: { '200': { description: 'received (any 2xx)' } },
        },
      },
    ]),
  );
  return document;
}
