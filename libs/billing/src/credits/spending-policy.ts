import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, modelsConfig } from '@app/shared';
import { BillingAccountsRepository } from '../stripe/billing-accounts.repository.js';
import { BillingService } from '../stripe/billing.service.js';
import { UsageEventsRepository } from '../usage/usage-events.repository.js';
import { CreditLedgerService } from './credit-ledger.service.js';
import { capReached, monthStart } from './spending-guard.js';

/** Subscription statuses that may spend past an exhausted credit balance (metered overage). */
export const SPENDING_SUBSCRIPTION_STATUSES = ['active', 'trialing'] as const;

/** What a job will call: the chat model, the image model, a transcription provider. */
export interface SpendingUses {
  chat?: boolean;
  images?: boolean;
  /** Set only when a transcription provider is configured (the caller knows; a paid call follows). */
  transcription?: boolean;
  /** Set when the job's chat steps are routed to named providers (MODEL_ROUTES, the account's or the request's): they cost money. */
  routedChat?: boolean;
  /** Set when the job's image generation is routed to a named provider. */
  routedImages?: boolean;
}

/**
 * Whether a user may start a model-spending job (a step or a pipeline). Checked only when a job
 * starts: a run already started finishes, and its debits may take the ledger briefly negative.
 */
@Injectable()
export class SpendingPolicy {
  constructor(
    private readonly accounts: BillingAccountsRepository,
    private readonly ledger: CreditLedgerService,
    private readonly billing: BillingService,
    private readonly events: UsageEventsRepository,
    @Inject(modelsConfig.KEY) private readonly models: ConfigType<typeof modelsConfig>,
  ) {}

  /**
   * The extractive engine costs nothing, so it never needs credits (a new user always gets a free
   * draft); images cost only when an image model is configured.
   */
  private spendsMoney(uses: SpendingUses): boolean {
    return (
      (uses.chat === true && (this.models.chatEngine !== 'extractive' || uses.routedChat === true)) ||
      (uses.images === true && (this.models.images !== undefined || uses.routedImages === true)) ||
      uses.transcription === true
    );
  }

  /**
   * 402 naming the limit hit: `spending_cap_reached` (details.limit `monthly_cap`) when the user's
   * billed usage this UTC month has reached their monthly cap; `credits_exhausted` (details.limit
   * `credits`) when the balance is ≤ 0 and there is no active (or trialing) subscription.
   */
  async assertCanSpend(userId: string, uses: SpendingUses = { chat: true }): Promise<void> {
    if (!this.spendsMoney(uses)) return;
    const monthlyCap = await this.accounts.monthlyCap(userId);
    if (monthlyCap !== null) {
      const spent = await this.events.billedSince(userId, monthStart());
      if (spent >= monthlyCap) throw capReached('monthly_cap', monthlyCap, spent, 0);
    }
    let balance = await this.ledger.balance(userId);
    if (balance <= 0) {
      // A user's first spend creates the billing account and its sign-up credits (once).
      await this.billing.ensureAccount(userId);
      balance = await this.ledger.balance(userId);
    }
    if (balance > 0) return;
    if (await this.accounts.hasSubscriptionIn(userId, SPENDING_SUBSCRIPTION_STATUSES)) return;
    throw new DomainError(
      'credits_exhausted',
      'Your credits are used up. Top up with POST /api/v1/billing/checkout {"credit_pack": "standard"}, or subscribe with {"plan": "pro"}, then retry.',
      { details: { limit: 'credits', balance_micros: balance, top_up: { method: 'POST', href: '/api/v1/billing/checkout', body: [{ credit_pack: 'standard' }, { plan: 'pro' }] } } },
    );
  }
}
