import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { type QueuedDelivery, TokenCipher, webhooksConfig } from '@app/shared';
import { WebhookEndpoint } from '../endpoints/webhook-endpoint.entity.js';
import { secretContext } from '../endpoints/webhook-secret.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEvent } from './webhook-event.entity.js';
import { type AttemptResult, WebhookSender } from './webhook-sender.js';

/** What became of an attempt: done (delivered, or nothing left to do) or failed (retry unless it was the last). */
export type DeliveryOutcome = { kind: 'done' } | { kind: 'failed'; error: string };

const ENDPOINT_FAILED_SQL = `update webhook_endpoints
  set consecutive_failures = consecutive_failures + 1, last_failure_at = ?, updated_at = ?
  where id = ? returning consecutive_failures, last_success_at`;

const ENDPOINT_SUCCEEDED_SQL = `update webhook_endpoints
  set consecutive_failures = 0, last_success_at = ?, updated_at = ? where id = ?`;

/** Disables only an endpoint still enabled, so a concurrent enable by its owner is not undone. */
const DISABLE_SQL = `update webhook_endpoints
  set enabled = false, disabled_at = ?, disabled_reason = ?, updated_at = ? where id = ? and enabled`;

/**
 * Makes one attempt of a delivery (the worker calls it per BullMQ attempt) and records it on the
 * delivery and its endpoint. When a delivery's last attempt fails and nothing was delivered to the
 * endpoint during the whole retry window, the endpoint is disabled, with the reason on it.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger(WebhookDeliverer.name);

  constructor(
    private readonly em: EntityManager,
    private readonly sender: WebhookSender,
    private readonly cipher: TokenCipher,
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
  ) {}

  async attempt(queued: QueuedDelivery, attempt: number, final: boolean): Promise<DeliveryOutcome> {
    const em = this.em.fork();
    const delivery = await em.findOne(WebhookDelivery, queued.deliveryId);
    // Gone with its endpoint, superseded by a redelivery, or already delivered: nothing to send.
    if (!delivery || delivery.round !== queued.round || delivery.status === 'succeeded') return { kind: 'done' };
    const [endpoint, event] = await Promise.all([em.findOne(WebhookEndpoint, delivery.endpointId), em.findOne(WebhookEvent, delivery.eventId)]);
    if (!endpoint || !event) return { kind: 'done' };
    if (!endpoint.enabled) {
      await this.record(em, delivery, { ok: false, status: null, error: 'the endpoint is disabled' }, true, false);
      return { kind: 'done' };
    }

    const body = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.data });
    const secret = this.cipher.decrypt(endpoint.encryptedSecret, secretContext(endpoint));
    const started = performance.now();
    const result = await this.sender.send(endpoint.url, { id: event.id, body, secret });
    await this.record(em, delivery, result, final, true);
    this.logger.log({
      msg: result.ok ? 'webhook delivered' : 'webhook attempt failed',
      delivery_id: delivery.id,
      endpoint_id: endpoint.id,
      event_type: event.type,
      attempt,
      final,
      status: result.status,
      duration_ms: Math.round(performance.now() - started),
    });
    if (result.ok) return { kind: 'done' };
    if (final) await this.disableIfDead(em, endpoint, result);
    return { kind: 'failed', error: result.error ?? 'failed' };
  }

  private async record(em: EntityManager, delivery: WebhookDelivery, result: AttemptResult, final: boolean, attempted: boolean): Promise<void> {
    const at = new Date();
    if (attempted) {
      delivery.attempts += 1;
      delivery.lastAttemptAt = at;
      delivery.lastResponseCode = result.status;
    }
    delivery.lastError = result.error;
    if (result.ok) {
      delivery.status = 'succeeded';
      delivery.deliveredAt = at;
      delivery.nextAttemptAt = null;
    } else {
      delivery.status = final ? 'failed' : 'pending';
      delivery.nextAttemptAt = final ? null : new Date(at.getTime() + this.settings.backoffMs * 2 ** Math.max(delivery.attempts - 1, 0));
    }
    await em.flush();
    if (!attempted) return;
    const connection = em.getConnection();
    if (result.ok) await connection.execute(ENDPOINT_SUCCEEDED_SQL, [at, at, delivery.endpointId]);
    else await connection.execute(ENDPOINT_FAILED_SQL, [at, at, delivery.endpointId]);
  }

  /** No success for as long as a delivery is retried: the endpoint is taken as dead and disabled. */
  private async disableIfDead(em: EntityManager, endpoint: WebhookEndpoint, result: AttemptResult): Promise<void> {
    const [state] = await em.getConnection().execute<{ last_success_at: Date | null; consecutive_failures: number }[]>(
      'select last_success_at, consecutive_failures from webhook_endpoints where id = ?',
      [endpoint.id],
    );
    if (!state) return;
    const windowStart = Date.now() - this.settings.retryWindowS * 1000;
    const lastSuccess = state.last_success_at ? new Date(state.last_success_at).getTime() : null;
    if ((lastSuccess !== null && lastSuccess >= windowStart) || state.consecutive_failures < this.settings.attempts) return;
    const reason =
      `disabled after ${state.consecutive_failures} failed delivery attempts and no successful one in ${describeWindow(this.settings.retryWindowS)}` +
      ` (last: ${result.status ? `HTTP ${result.status}` : (result.error ?? 'no answer')}); fix the endpoint, then enable it again`;
    const at = new Date();
    await em.getConnection().execute(DISABLE_SQL, [at, reason, at, endpoint.id]);
    this.logger.warn({ msg: 'webhook endpoint disabled', endpoint_id: endpoint.id, failures: state.consecutive_failures });
  }
}

function describeWindow(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds} s`;
}
