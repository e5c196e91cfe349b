import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { WebhookDeliveryQueue } from '@app/shared';

/** How late a pending delivery must be before it is taken as lost from the queue. */
const OVERDUE = "interval '2 minutes'";
const BATCH = 500;

/**
 * Puts back on the queue the pending deliveries whose queue job is gone (its enqueue failed after
 * the row was written, or Redis lost it): those overdue by more than two minutes. Enqueueing is
 * idempotent per delivery and round, so one still queued is left as it is.
 */
@Injectable()
export class OverdueDeliverySweeper {
  private readonly logger = new Logger(OverdueDeliverySweeper.name);

  constructor(
    private readonly em: EntityManager,
    private readonly queue: WebhookDeliveryQueue,
  ) {}

  async sweep(): Promise<{ requeued: number }> {
    const rows = await this.em.fork().execute<{ id: string; round: number }[]>(
      `select d.id, d.round from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and e.enabled and coalesce(d.next_attempt_at, d.created_at) < now() - ${OVERDUE}
        order by d.created_at limit ${BATCH}`,
    );
    await this.queue.enqueue(rows.map((row) => ({ deliveryId: row.id, round: row.round })));
    if (rows.length > 0) this.logger.log({ msg: 'overdue webhook deliveries queued again', count: rows.length });
    return { requeued: rows.length };
  }
}
