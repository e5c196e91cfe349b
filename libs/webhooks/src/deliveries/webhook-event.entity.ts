import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User, type WebhookEventType } from '@app/shared';

/**
 * An event that happened and that at least one endpoint subscribed to when it happened (written by
 * WebhookEventPublisher). Its id is the `webhook-id` of every delivery of it.
 */
@Entity({ tableName: 'webhook_events' })
@Index({ properties: ['userId', 'createdAt'] })
export class WebhookEvent extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  type!: WebhookEventType;

  @Property({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** Makes an event happen once (e.g. `job.succeeded:<job id>`). */
  @Property({ type: 'text', unique: true })
  dedupKey!: string;
}
