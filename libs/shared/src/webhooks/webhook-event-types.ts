/** What a webhook endpoint can subscribe to. A job's end is one of the three job events. */
export const WEBHOOK_EVENT_TYPES = [
  'job.succeeded',
  'job.failed',
  'job.canceled',
  'post.created',
  'post.published',
  'usage.threshold_reached',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
