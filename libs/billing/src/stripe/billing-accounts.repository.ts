import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface BillingAccountRow {
  user_id: string;
  plan: string;
  status: string;
  current_period_end: Date | string | null;
  stripe_customer_id: string | null;
}

/** Subscription state taken from a Stripe object; fields left undefined keep their value. */
export interface SubscriptionState {
  subscription_id?: string;
  status: string;
  plan?: string;
  current_period_end?: Date | null;
}

/**
 * billing_accounts and stripe_events: a user's account and Stripe customer, subscription state kept
 * from the newest Stripe object, and which webhook events were applied. Pass `em` (a transactional
 * one) to work inside the caller's transaction.
 */
@Injectable()
export class BillingAccountsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Inserts the user's account unless it exists; true when it was created now. */
  async createIfMissing(userId: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    const now = new Date();
    const rows = await em.execute<{ id: string }[]>(
      `insert into billing_accounts (id, created_at, updated_at, user_id) values (?, ?, ?, ?)
       on conflict (user_id) do nothing returning id`,
      [randomUUID(), now, now, userId],
    );
    return rows.length > 0;
  }

  async find(userId: string): Promise<BillingAccountRow | null> {
    const [row] = await this.em
      .fork()
      .execute<BillingAccountRow[]>('select user_id, plan, status, current_period_end, stripe_customer_id from billing_accounts where user_id = ?', [userId]);
    return row ?? null;
  }

  async customerOf(userId: string): Promise<string | null> {
    const [row] = await this.em.fork().execute<{ stripe_customer_id: string | null }[]>('select stripe_customer_id from billing_accounts where user_id = ?', [userId]);
    return row?.stripe_customer_id ?? null;
  }

  /** Stores the user's Stripe customer unless one is stored already; returns the one kept. */
  async linkCustomer(userId: string, customer: string, em: EntityManager = this.em.fork()): Promise<string> {
    const [row] = await em.execute<{ stripe_customer_id: string }[]>(
      `update billing_accounts set stripe_customer_id = coalesce(stripe_customer_id, ?), updated_at = now()
       where user_id = ? returning stripe_customer_id`,
      [customer, userId],
    );
    return row?.stripe_customer_id ?? customer;
  }

  async userOfCustomer(customer: string, em: EntityManager = this.em.fork()): Promise<string | null> {
    const [row] = await em.execute<{ user_id: string }[]>('select user_id from billing_accounts where stripe_customer_id = ?', [customer]);
    return row?.user_id ?? null;
  }

  /** Whether an id names a user (ids in Stripe metadata come from outside). */
  async userExists(userId: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>('select id from users where id::text = ?', [userId]);
    return rows.length > 0;
  }

  async setSubscriptionId(userId: string, subscriptionId: string | null, em: EntityManager): Promise<void> {
    await em.execute(`update billing_accounts set subscription_id = coalesce(?, subscription_id), updated_at = now() where user_id = ?`, [subscriptionId, userId]);
  }

  /**
   * Writes subscription state only when `created` is not older than the newest state applied (state
   * follows the newest Stripe object, not the order events arrive in). Returns whether it was written.
   */
  async applySubscriptionState(userId: string, created: Date, state: SubscriptionState, em: EntityManager): Promise<boolean> {
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
    const rows = await em.execute<{ user_id: string }[]>(
      `update billing_accounts set ${sets.join(', ')}
       where user_id = ? and (subscription_updated_at is null or subscription_updated_at <= ?) returning user_id`,
      [...params, userId, created],
    );
    return rows.length > 0;
  }

  /** Whether the user's subscription is in one of `statuses`. */
  async hasSubscriptionIn(userId: string, statuses: readonly string[]): Promise<boolean> {
    const rows = await this.em
      .fork()
      .execute(`select 1 from billing_accounts where user_id = ? and status in (${statuses.map(() => '?').join(', ')}) limit 1`, [userId, ...statuses]);
    return rows.length > 0;
  }

  /** The user's monthly spending cap in micro-USD; null when none is set (or no account yet). */
  async monthlyCap(userId: string): Promise<number | null> {
    const [row] = await this.em.fork().execute<{ cap: string | number | null }[]>('select monthly_cap_micros as cap from billing_accounts where user_id = ?', [userId]);
    return row?.cap == null ? null : Number(row.cap);
  }

  /** Sets (or with null clears) the monthly cap; the account must exist. */
  async setMonthlyCap(userId: string, micros: number | null): Promise<void> {
    await this.em.fork().execute('update billing_accounts set monthly_cap_micros = ?, updated_at = now() where user_id = ?', [micros, userId]);
  }

  /** A job's spending cap and its owner's monthly cap (micro-USD, null when unset), in one read. */
  async capsOfJob(jobId: string): Promise<{ jobCap: number | null; monthlyCap: number | null }> {
    const [row] = await this.em.fork().execute<{ job_cap: string | number | null; monthly_cap: string | number | null }[]>(
      `select j.max_cost_micros as job_cap, a.monthly_cap_micros as monthly_cap
         from jobs j left join billing_accounts a on a.user_id = j.user_id where j.id = ?`,
      [jobId],
    );
    return { jobCap: row?.job_cap == null ? null : Number(row.job_cap), monthlyCap: row?.monthly_cap == null ? null : Number(row.monthly_cap) };
  }

  /** Records a webhook event as applied, once per event id; false when it was applied before. */
  async recordStripeEvent(eventId: string, type: string, em: EntityManager): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `insert into stripe_events (id, type, processed_at) values (?, ?, now()) on conflict (id) do nothing returning id`,
      [eventId, type],
    );
    return rows.length > 0;
  }
}
