import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User, type WebhookEventType } from '@app/shared';
import { WebhookEndpoint } from '../endpoints/webhook-endpoint.entity.js';
import { WebhookEvent } from './webhook-event.entity.js';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event to one endpoint: its status, how many attempts it took and what the last one got. A
 * redelivery starts a new round on the same row.
 */
@Entity({ tableName: 'webhook_deliveries' })
@Unique({ properties: ['endpointId', 'eventId'] })
@Index({ properties: ['endpointId', 'createdAt', 'id'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class WebhookDelivery extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @ManyToOne(() => WebhookEndpoint, { mapToPk: true, fieldName: 'endpoint_id', deleteRule: 'cascade' })
  endpointId!: string;

  @ManyToOne(() => WebhookEvent, { mapToPk: true, fieldName: 'event_id', deleteRule: 'cascade' })
  eventId!: string;

  @Property({ type: 'text' })
  eventType!: WebhookEventType;

  @Property({ type: 'text' })
  status: DeliveryStatus & Opt = 'pending';

  /** Attempts made, over every round. */
  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  /** 1 for the first sending; each manual redelivery adds one. */
  @Property({ type: 'integer' })
  round: number & Opt = 1;

  /** The HTTP status of the last attempt (null: no answer — refused, timed out, unreachable). */
  @Property({ type: 'integer', nullable: true })
  lastResponseCode?: number | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt?: Date | null;

  /** When the next retry is due, while pending after a failed attempt. */
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;
}
