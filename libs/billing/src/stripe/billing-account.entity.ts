import { type Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

/** A user's billing state: Stripe customer (created lazily), subscription and its latest known state. */
@Entity({ tableName: 'billing_accounts' })
@Unique({ properties: ['userId'] })
export class BillingAccount extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text', nullable: true, unique: true })
  stripeCustomerId?: string | null;

  @Property({ type: 'text', nullable: true })
  subscriptionId?: string | null;

  /** free or pro. */
  @Property({ type: 'text' })
  plan: string & Opt = 'free';

  /** none, or the Stripe subscription status (active, trialing, past_due, canceled …). */
  @Property({ type: 'text' })
  status: string & Opt = 'none';

  @Property({ type: 'timestamptz', nullable: true })
  currentPeriodEnd?: Date | null;

  /** The `created` time of the newest Stripe event applied to the subscription state (older ones are ignored). */
  @Property({ type: 'timestamptz', nullable: true })
  subscriptionUpdatedAt?: Date | null;

  /** The user's own monthly spending cap (UTC calendar month), in micro-USD; null: none. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  monthlyCapMicros?: number | null;
}
