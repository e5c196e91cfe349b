import { type Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

/**
 * Per user, UTC day, model and provider: the sums of usage_events. Written in the same statement as each
 * event (UsageEventsRepository), so it always equals a GROUP BY over usage_events (`usage:reconcile` checks).
 */
@Entity({ tableName: 'usage_daily' })
@Unique({ properties: ['userId', 'day', 'model', 'provider'] })
export class UsageDaily extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  /** YYYY-MM-DD, the UTC day of the events' created_at. */
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'text' })
  model!: string;

  /** The named provider that served the events ('' when none did: extractive, captions, older events). */
  @Property({ type: 'text', default: '' })
  provider: string & Opt = '';

  @Property({ type: 'bigint', runtimeType: 'number' })
  tokensIn: number & Opt = 0;

  @Property({ type: 'bigint', runtimeType: 'number' })
  tokensOut: number & Opt = 0;

  @Property({ type: 'bigint', runtimeType: 'number' })
  costMicros: number & Opt = 0;

  @Property({ type: 'integer' })
  events: number & Opt = 0;
}
