import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type Stripe from 'stripe';
import { billingConfig } from '../billing.config.js';
import { CreditLedgerService } from '../credits/credit-ledger.service.js';
import { CREDIT_PACKS, PLANS, type CreditPackName, type PlanName } from '../plans.js';
import { UsageReportRepository } from '../usage/usage-report.repository.js';
import { BillingAccountsRepository } from './billing-accounts.repository.js';

export interface BillingOverview {
  plan: string;
  status: string;
  current_period_end: string | null;
  credits_balance_micros: number;
  period: { from: string; to: string; cost_micros: number; events: number };
}

/** Whether a webhook event changed anything, and why not when it did not. */
export type WebhookOutcome =
  | { applied: true }
  | { applied: false; reason: 'duplicate' | 'ignored_type' | 'unknown_customer' | 'not_paid' | 'payment_failed' | 'already_applied' | 'stale' | 'not_a_renewal' };

const APPLIED: WebhookOutcome = { applied: true };
const notApplied = (reason: Extract<WebhookOutcome, { applied: false }>['reason']): WebhookOutcome => ({ applied: false, reason });

/** billing_reason values of an invoice that renews (or changes) a subscription: its failure makes the account past due. */
const RENEWAL_REASONS = new Set(['subscription_cycle', 'subscription_update', 'subscription_threshold', 'subscription']);

/** Subscription statuses that keep the paid plan. */
const PAID_STATUSES = new Set(['active', 'trialing', 'past_due']);

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const idOf = (value: unknown): string | null =>
  typeof value === 'string' ? value : value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null;

/** Billing accounts (created lazily with the sign-up credits) and the Stripe webhook effects. */
@Injectable()
export class BillingService {
  private readonly logger = new Logger(BillingService.name);

  constructor(
    private readonly em: EntityManager,
    @Inject(billingConfig.KEY) private readonly billing: ConfigType<typeof billingConfig>,
    private readonly ledger: CreditLedgerService,
    private readonly accounts: BillingAccountsRepository,
    private readonly usage: UsageReportRepository,
  ) {}

  /** Creates the user's billing account on first use, granting FREE_CREDITS_MICROS once (ref signup:<user id>). */
  async ensureAccount(userId: string, em?: EntityManager): Promise<void> {
    const run = async (tx: EntityManager) => {
      const created = await this.accounts.createIfMissing(userId, tx);
      const free = this.billing.freeCreditsMicros;
      if (created && free > 0) await this.ledger.grant(userId, free, 'signup', `signup:${userId}`, tx);
    };
    if (em) await run(em);
    else await this.em.fork().transactional(run);
  }

  customerOf(userId: string): Promise<string | null> {
    return this.accounts.customerOf(userId);
  }

  /** Plan, subscription state, credit balance and this UTC month's usage (from usage_daily). */
  async overview(userId: string, now = new Date()): Promise<BillingOverview> {
    await this.ensureAccount(userId);
    const account = await this.accounts.find(userId);
    const from = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
    const to = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)));
    const usage = await this.usage.periodCost(userId, { from, to });
    const end = account?.current_period_end;
    return {
      plan: account?.plan ?? 'free',
      status: account?.status ?? 'none',
      current_period_end: end ? new Date(end).toISOString() : null,
      credits_balance_micros: await this.ledger.balance(userId),
      period: { from, to, cost_micros: usage.costMicros, events: usage.events },
    };
  }

  /**
   * Applies one verified Stripe event, at most once per event id: the stripe_events insert and the
   * event's effects share one transaction. Says whether the event changed anything (a duplicate, an
   * ignored type, an event about no known customer, an older state … did not).
   */
  async processEvent(event: Stripe.Event): Promise<WebhookOutcome> {
    return this.em.fork().transactional(async (em) => {
      if (!(await this.accounts.recordStripeEvent(event.id, event.type, em))) return notApplied('duplicate');
      const outcome = await this.apply(em, event);
      this.logger.log({ msg: 'stripe event', type: event.type, id: event.id, ...outcome });
      return outcome;
    });
  }

  private async apply(em: EntityManager, event: Stripe.Event): Promise<WebhookOutcome> {
    const object = event.data.object as unknown as Record<string, unknown>;
    const metadata = (object.metadata ?? {}) as Record<string, string>;
    const customer = idOf(object.customer);
    const created = new Date(event.created * 1000);
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
      case 'checkout.session.async_payment_failed': {
        const userId = await this.resolveUser(em, customer, (object.client_reference_id as string | null) ?? metadata.user_id);
        if (!userId) return this.unmatched(event);
        if (object.mode === 'subscription') {
          // The subscription's own events carry its state; the checkout only links it.
          if (event.type !== 'checkout.session.completed') return notApplied('ignored_type');
          await this.accounts.setSubscriptionId(userId, idOf(object.subscription), em);
          return APPLIED;
        }
        if (object.mode !== 'payment') return notApplied('ignored_type');
        // A delayed payment method (bank debit …) completes the checkout unpaid; credits come with async_payment_succeeded.
        if (event.type === 'checkout.session.async_payment_failed') return notApplied('payment_failed');
        const pack = CREDIT_PACKS[metadata.credit_pack as CreditPackName];
        if (!pack) return notApplied('ignored_type');
        if (object.payment_status !== 'paid' && object.payment_status !== 'no_payment_required') return notApplied('not_paid');
        const granted = await this.ledger.grant(userId, pack.creditsMicros, 'credit_pack', `checkout:${String(object.id)}`, em);
        return granted ? APPLIED : notApplied('already_applied');
      }
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted': {
        const userId = await this.resolveUser(em, customer, metadata.user_id);
        if (!userId) return this.unmatched(event);
        const status = event.type === 'customer.subscription.deleted' ? 'canceled' : String(object.status);
        const items = (object.items as { data?: { current_period_end?: number }[] } | undefined)?.data ?? [];
        const periodEnd = (object.current_period_end as number | undefined) ?? items[0]?.current_period_end;
        const changed = await this.accounts.applySubscriptionState(userId, created, {
          subscription_id: String(object.id),
          status,
          plan: PAID_STATUSES.has(status) ? this.planOf(metadata) : 'free',
          current_period_end: periodEnd ? new Date(periodEnd * 1000) : null,
        }, em);
        return changed ? APPLIED : notApplied('stale');
      }
      case 'invoice.paid': {
        const userId = await this.resolveUser(em, customer, this.invoiceUserId(object));
        if (!userId) return this.unmatched(event);
        if (!String(object.billing_reason ?? '').startsWith('subscription')) return notApplied('ignored_type');
        const granted = await this.ledger.grant(userId, PLANS.pro.includedCreditsMicros, 'subscription_invoice', `invoice:${String(object.id)}`, em);
        return granted ? APPLIED : notApplied('already_applied');
      }
      case 'invoice.payment_failed': {
        const userId = await this.resolveUser(em, customer, this.invoiceUserId(object));
        if (!userId) return this.unmatched(event);
        // Only a failed renewal puts the subscription past due; a failed one-off invoice (manual) changes no plan.
        if (!RENEWAL_REASONS.has(String(object.billing_reason ?? ''))) return notApplied('not_a_renewal');
        const changed = await this.accounts.applySubscriptionState(userId, created, { status: 'past_due' }, em);
        return changed ? APPLIED : notApplied('stale');
      }
      default:
        return notApplied('ignored_type');
    }
  }

  private planOf(metadata: Record<string, string>): PlanName {
    return metadata.plan && metadata.plan in PLANS ? (metadata.plan as PlanName) : 'pro';
  }

  private invoiceUserId(invoice: Record<string, unknown>): string | undefined {
    const parent = invoice.parent as { subscription_details?: { metadata?: Record<string, string> } } | undefined;
    return parent?.subscription_details?.metadata?.user_id ?? (invoice.metadata as Record<string, string> | undefined)?.user_id;
  }

  /** The user an event is about: by Stripe customer, else by the user id we put on the object. */
  private async resolveUser(em: EntityManager, customer: string | null, userId: string | null | undefined): Promise<string | null> {
    if (customer) {
      const known = await this.accounts.userOfCustomer(customer, em);
      if (known) return known;
    }
    if (!userId || !(await this.accounts.userExists(userId, em))) return null;
    await this.ensureAccount(userId, em);
    if (customer) await this.accounts.linkCustomer(userId, customer, em);
    return userId;
  }

  private unmatched(event: Stripe.Event): WebhookOutcome {
    this.logger.warn({ msg: 'stripe event names no known customer or user; ignored', type: event.type, id: event.id });
    return notApplied('unknown_customer');
  }
}
