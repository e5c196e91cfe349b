import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type Stripe from 'stripe';
import { billingConfig } from '../billing.config.js';
import { CreditLedgerService } from '../credits/credit-ledger.service.js';
import { CREDIT_PACKS, PLANS, type CreditPackName, type PlanName } from '../plans.js';

export interface BillingOverview {
  plan: string;
  status: string;
  current_period_end: string | null;
  credits_balance_micros: number;
  period: { from: string; to: string; cost_micros: number; events: number };
}

/** Subscription statuses that keep the paid plan. */
const PAID_STATUSES = new Set(['active', 'trialing', 'past_due']);

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const idOf = (value: unknown): string | null =>
  typeof value === 'string' ? value : value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null;

interface AccountRow {
  user_id: string;
  plan: string;
  status: string;
  current_period_end: Date | string | null;
  stripe_customer_id: string | null;
}

/** Billing accounts (created lazily with the sign-up credits) and the Stripe webhook effects. */
@Injectable()
export class BillingService {
  private readonly logger = new Logger(BillingService.name);

  constructor(
    private readonly em: EntityManager,
    @Inject(billingConfig.KEY) private readonly billing: ConfigType<typeof billingConfig>,
    private readonly ledger: CreditLedgerService,
  ) {}

  /** Creates the user's billing account on first use, granting FREE_CREDITS_MICROS once (ref signup:<user id>). */
  async ensureAccount(userId: string, em?: EntityManager): Promise<void> {
    const run = async (tx: EntityManager) => {
      const now = new Date();
      const rows = await tx.execute<{ id: string }[]>(
        `insert into billing_accounts (id, created_at, updated_at, user_id) values (?, ?, ?, ?)
         on conflict (user_id) do nothing returning id`,
        [randomUUID(), now, now, userId],
      );
      const free = this.billing.freeCreditsMicros;
      if (rows.length > 0 && free > 0) await this.ledger.grant(userId, free, 'signup', `signup:${userId}`, tx);
    };
    if (em) await run(em);
    else await this.em.fork().transactional(run);
  }

  async customerOf(userId: string): Promise<string | null> {
    const [row] = await this.em
      .fork()
      .execute<{ stripe_customer_id: string | null }[]>('select stripe_customer_id from billing_accounts where user_id = ?', [userId]);
    return row?.stripe_customer_id ?? null;
  }

  /** Plan, subscription state, credit balance and this UTC month's usage (from usage_daily). */
  async overview(userId: string, now = new Date()): Promise<BillingOverview> {
    await this.ensureAccount(userId);
    const em = this.em.fork();
    const [account] = await em.execute<AccountRow[]>(
      'select user_id, plan, status, current_period_end, stripe_customer_id from billing_accounts where user_id = ?',
      [userId],
    );
    const from = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
    const to = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)));
    const [usage] = await em.execute<{ cost_micros: string; events: string }[]>(
      `select coalesce(sum(cost_micros), 0)::bigint as cost_micros, coalesce(sum(events), 0)::bigint as events
       from usage_daily where user_id = ? and day between ?::date and ?::date`,
      [userId, from, to],
    );
    const end = account?.current_period_end;
    return {
      plan: account?.plan ?? 'free',
      status: account?.status ?? 'none',
      current_period_end: end ? new Date(end).toISOString() : null,
      credits_balance_micros: await this.ledger.balance(userId),
      period: { from, to, cost_micros: Number(usage?.cost_micros ?? 0), events: Number(usage?.events ?? 0) },
    };
  }

  /**
   * Applies one verified Stripe event, at most once per event id: the stripe_events insert and the
   * event's effects share one transaction. Returns false when the event was already processed.
   */
  async processEvent(event: Stripe.Event): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      const inserted = await em.execute<{ id: string }[]>(
        `insert into stripe_events (id, type, processed_at) values (?, ?, now()) on conflict (id) do nothing returning id`,
        [event.id, event.type],
      );
      if (inserted.length === 0) return false;
      await this.apply(em, event);
      return true;
    });
  }

  private async apply(em: EntityManager, event: Stripe.Event): Promise<void> {
    const object = event.data.object as unknown as Record<string, unknown>;
    const metadata = (object.metadata ?? {}) as Record<string, string>;
    const customer = idOf(object.customer);
    const created = new Date(event.created * 1000);
    switch (event.type) {
      case 'checkout.session.completed': {
        const userId = await this.resolveUser(em, customer, (object.client_reference_id as string | null) ?? metadata.user_id);
        if (!userId) return this.unmatched(event);
        if (object.mode === 'payment') {
          const pack = CREDIT_PACKS[metadata.credit_pack as CreditPackName];
          if (!pack || object.payment_status === 'unpaid') return;
          await this.ledger.grant(userId, pack.creditsMicros, 'credit_pack', `checkout:${String(object.id)}`, em);
        } else if (object.mode === 'subscription') {
          await em.execute(
            `update billing_accounts set subscription_id = coalesce(?, subscription_id), updated_at = now() where user_id = ?`,
            [idOf(object.subscription), userId],
          );
        }
        return;
      }
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted': {
        const userId = await this.resolveUser(em, customer, metadata.user_id);
        if (!userId) return this.unmatched(event);
        const status = event.type === 'customer.subscription.deleted' ? 'canceled' : String(object.status);
        const items = (object.items as { data?: { current_period_end?: number }[] } | undefined)?.data ?? [];
        const periodEnd = (object.current_period_end as number | undefined) ?? items[0]?.current_period_end;
        await this.applySubscriptionState(em, userId, created, {
          subscription_id: String(object.id),
          status,
          plan: PAID_STATUSES.has(status) ? this.planOf(metadata) : 'free',
          current_period_end: periodEnd ? new Date(periodEnd * 1000) : null,
        });
        return;
      }
      case 'invoice.paid': {
        const userId = await this.resolveUser(em, customer, this.invoiceUserId(object));
        if (!userId) return this.unmatched(event);
        if (!String(object.billing_reason ?? '').startsWith('subscription')) return;
        await this.ledger.grant(userId, PLANS.pro.includedCreditsMicros, 'subscription_invoice', `invoice:${String(object.id)}`, em);
        return;
      }
      case 'invoice.payment_failed': {
        const userId = await this.resolveUser(em, customer, this.invoiceUserId(object));
        if (!userId) return this.unmatched(event);
        await this.applySubscriptionState(em, userId, created, { status: 'past_due' });
        return;
      }
      default:
        this.logger.debug({ msg: 'stripe event ignored', type: event.type, id: event.id });
    }
  }

  private planOf(metadata: Record<string, string>): PlanName {
    return metadata.plan && metadata.plan in PLANS ? (metadata.plan as PlanName) : 'pro';
  }

  private invoiceUserId(invoice: Record<string, unknown>): string | undefined {
    const parent = invoice.parent as { subscription_details?: { metadata?: Record<string, string> } } | undefined;
    return parent?.subscription_details?.metadata?.user_id ?? (invoice.metadata as Record<string, string> | undefined)?.user_id;
  }

  /**
   * Writes subscription state only when this event is not older than the newest one applied
   * (state follows the newest Stripe object, not the order events arrive in).
   */
  private async applySubscriptionState(
    em: EntityManager,
    userId: string,
    created: Date,
    state: { subscription_id?: string; status: string; plan?: string; current_period_end?: Date | null },
  ): Promise<void> {
    const sets = ['status = ?', 'subscription_updated_at = ?', 'updated_at = now()'];
    const params: unknown[] = [state.status, created];
    const optional: [string, unknown][] = [
      ['subscription_id', state.subscription_id],
      ['plan', state.plan],
      ['current_period_end', state.current_period_end],
    ];
    for (const [column, value] of optional) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      params.push(value);
    }
    await em.execute(
      `update billing_accounts set ${sets.join(', ')}
       where user_id = ? and (subscription_updated_at is null or subscription_updated_at <= ?)`,
      [...params, userId, created],
    );
  }

  /** The user an event is about: by Stripe customer, else by the user id we put on the object. */
  private async resolveUser(em: EntityManager, customer: string | null, userId: string | null | undefined): Promise<string | null> {
    if (customer) {
      const [row] = await em.execute<{ user_id: string }[]>('select user_id from billing_accounts where stripe_customer_id = ?', [customer]);
      if (row) return row.user_id;
    }
    if (!userId) return null;
    const [user] = await em.execute<{ id: string }[]>('select id from users where id::text = ?', [userId]);
    if (!user) return null;
    await this.ensureAccount(userId, em);
    if (customer) {
      await em.execute(
        'update billing_accounts set stripe_customer_id = coalesce(stripe_customer_id, ?), updated_at = now() where user_id = ?',
        [customer, userId],
      );
    }
    return userId;
  }

  private unmatched(event: Stripe.Event): void {
    this.logger.warn({ msg: 'stripe event names no known customer or user; ignored', type: event.type, id: event.id });
  }
}
