import { type Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A Stripe webhook event already processed: each event id is applied once. */
@Entity({ tableName: 'stripe_events' })
export class StripeEvent {
  /** Stripe's event id (evt_…). */
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'timestamptz' })
  processedAt: Date & Opt = new Date();
}
