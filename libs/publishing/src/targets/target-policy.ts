import { DomainError } from '@app/shared';
import type { WebhookTargetPolicy } from '@app/webhooks';

/** The address policy publishing targets pass: outbound webhooks' own, with PUBLISH_ALLOWED_HOSTS as its exemptions. */
export const PUBLISH_TARGET_POLICY = Symbol('PUBLISH_TARGET_POLICY');

export type TargetPolicy = Pick<WebhookTargetPolicy, 'check' | 'lookup'>;

/** The webhooks' policy, its refusals worded for blogs (they name PUBLISH_ALLOWED_HOSTS, not webhooks). */
export function publishTargetPolicy(policy: WebhookTargetPolicy): TargetPolicy {
  return {
    lookup: policy.lookup,
    check: async (raw: string) => {
      try {
        return await policy.check(raw);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'url_not_allowed') throw error;
        const reword = (text: string) => text.replace(/;? ?webhooks go to public addresses only/, '; blogs must be on public addresses (see PUBLISH_ALLOWED_HOSTS)');
        throw new DomainError('url_not_allowed', reword(error.message), { errors: error.errors?.map((problem) => ({ ...problem, message: reword(problem.message) })) });
      }
    },
  };
}
