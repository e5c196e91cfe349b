import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import type { WebhookEventType } from './webhook-event-types.js';
import { WebhookDeliveryQueue } from './webhook-delivery.queue.js';

/** One event as it happened. `key` makes it happen once: a second publish with the same key is a no-op. */
export interface WebhookEventInput {
  userId: string;
  type: WebhookEventType;
  /** The event's payload: ids and states, never document text or model output. */
  data: Record<string, unknown>;
  key: string;
}

/**
 * The event row (only when an enabled endpoint of the user subscribes to its type) and one pending
 * delivery per such endpoint, in one statement. `dedup_key` makes a replayed event (a retried job
 * finishing again) write nothing.
 */
const PUBLISH_SQL = `with event as (
  insert into webhook_events (id, created_at, updated_at, user_id, type, data, dedup_key)
  select ?, now(), now(), ?, ?, ?::jsonb, ?
  where exists (select 1 from webhook_endpoints where user_id = ? and enabled and ? = any(events))
  on conflict (dedup_key) do nothing
  returning id, user_id, type
)
insert into webhook_deliveries (id, created_at, updated_at, user_id, endpoint_id, event_id, event_type, status, attempts, round)
select gen_random_uuid(), now(), now(), event.user_id, endpoint.id, event.id, event.type, 'pending', 0, 1
  from event join webhook_endpoints endpoint on endpoint.user_id = event.user_id and endpoint.enabled and event.type = any(endpoint.events)
returning id`;

/**
 * The one way an outbound webhook event comes to be: called where the thing happens (a job ends,
 * a post is written, usage crosses a threshold), it records the event for the endpoints that
 * subscribe to it and queues their deliveries. Best effort, like the job's progress events: a
 * failure is logged and never fails the work that raised it.
 */
@Injectable()
export class WebhookEventPublisher {
  private readonly logger = new Logger(WebhookEventPublisher.name);

  constructor(
    private readonly em: EntityManager,
    private readonly deliveries: WebhookDeliveryQueue,
  ) {}

  async publish(event: WebhookEventInput): Promise<void> {
    try {
      const rows = await this.em.fork().execute<{ id: string }[]>(PUBLISH_SQL, [
        randomUUID(),
        event.userId,
        event.type,
        JSON.stringify(event.data),
        event.key,
        event.userId,
        event.type,
      ]);
      await this.deliveries.enqueue(rows.map((row) => ({ deliveryId: row.id, round: 1 })));
    } catch (error) {
      this.logger.warn({ msg: 'webhook event not published', type: event.type, key: event.key, err: error instanceof Error ? error.message : String(error) });
    }
  }
}
