import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User, type WebhookEventType } from '@app/shared';

/**
 * Where a user wants events sent: a URL, the events it subscribes to, and its signing secret
 * (stored only encrypted, shown once). An endpoint whose deliveries keep failing is disabled, with
 * the reason kept on it until its owner enables it again.
 */
@Entity({ tableName: 'webhook_endpoints' })
@Index({ properties: ['userId', 'createdAt', 'id'] })
export class WebhookEndpoint extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'text[]' })
  events!: WebhookEventType[];

  /** The `whsec_` secret, encrypted with TokenCipher and bound to this endpoint. */
  @Property({ type: 'text' })
  encryptedSecret!: string;

  @Property({ type: 'boolean' })
  enabled: boolean & Opt = true;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  /** Why the endpoint was disabled (deliveries failing, or its owner), shown on the endpoint. */
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  /** Delivery attempts that failed since the last one that succeeded. */
  @Property({ type: 'integer' })
  consecutiveFailures: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lastSuccessAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastFailureAt?: Date | null;
}
