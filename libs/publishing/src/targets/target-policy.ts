import type { WebhookTargetPolicy } from '@app/webhooks';

/** The address policy publishing targets pass: outbound webhooks' own, with PUBLISH_ALLOWED_HOSTS as its exemptions. */
export const PUBLISH_TARGET_POLICY = Symbol('PUBLISH_TARGET_POLICY');

export type TargetPolicy = Pick<WebhookTargetPolicy, 'check' | 'lookup'>;
