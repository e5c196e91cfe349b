import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { afterCursor, DomainError, toPage, TokenCipher, WebhookDeliveryQueue, type WebhookEventType } from '@app/shared';
import { type DeliveryStatus, WebhookDelivery } from '../deliveries/webhook-delivery.entity.js';
import { WebhookTargetPolicy } from '../targets/webhook-target.policy.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { newWebhookSecret, secretContext } from './webhook-secret.js';

/** Endpoints one user may have. */
export const MAX_ENDPOINTS_PER_USER = 20;

export interface NewEndpoint {
  url: string;
  description?: string | null;
  events: WebhookEventType[];
}

export interface EndpointChange {
  url?: string;
  description?: string | null;
  events?: WebhookEventType[];
  enabled?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A user's webhook endpoints and their delivery logs; every query is scoped to the user (another's id is 404). */
@Injectable()
export class WebhookEndpointsService {
  private readonly logger = new Logger(WebhookEndpointsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly targets: WebhookTargetPolicy,
    private readonly cipher: TokenCipher,
    private readonly queue: WebhookDeliveryQueue,
  ) {}

  /** A new endpoint and its signing secret, which is returned here only (it is stored encrypted). */
  async create(userId: string, input: NewEndpoint): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.targets.check(input.url);
    const em = this.em.fork();
    if ((await em.count(WebhookEndpoint, { userId })) >= MAX_ENDPOINTS_PER_USER) {
      throw new DomainError('webhook_endpoint_limit', `an account has at most ${MAX_ENDPOINTS_PER_USER} webhook endpoints; delete one first`);
    }
    const secret = newWebhookSecret();
    const endpoint = em.create(WebhookEndpoint, { userId, url: input.url, description: input.description ?? null, events: unique(input.events), encryptedSecret: '' });
    endpoint.encryptedSecret = this.cipher.encrypt(secret, secretContext(endpoint));
    await em.flush();
    this.logger.log({ msg: 'webhook endpoint created', endpoint_id: endpoint.id, events: endpoint.events });
    return { endpoint, secret };
  }

  async list(userId: string, page: { cursor?: string; limit: number }): Promise<Page<WebhookEndpoint>> {
    const rows = await this.em
      .fork()
      .find(WebhookEndpoint, { userId, ...afterCursor(page.cursor) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit);
  }

  async get(userId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.em.fork().findOne(WebhookEndpoint, { id, userId });
    if (!endpoint) throw endpointNotFound(id);
    return endpoint;
  }

  /** Changes the URL (checked again), description or events; `enabled: true` re-enables a disabled endpoint and clears its notice. */
  async update(userId: string, id: string, change: EndpointChange): Promise<WebhookEndpoint> {
    if (change.url !== undefined) await this.targets.check(change.url);
    const em = this.em.fork();
    const endpoint = await em.findOne(WebhookEndpoint, { id, userId });
    if (!endpoint) throw endpointNotFound(id);
    if (change.url !== undefined) endpoint.url = change.url;
    if (change.description !== undefined) endpoint.description = change.description;
    if (change.events !== undefined) endpoint.events = unique(change.events);
    if (change.enabled === true && !endpoint.enabled) {
      Object.assign(endpoint, { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0 });
    } else if (change.enabled === false && endpoint.enabled) {
      Object.assign(endpoint, { enabled: false, disabledAt: new Date(), disabledReason: 'disabled by its owner' });
    }
    await em.flush();
    return endpoint;
  }

  /** Deletes the endpoint with its delivery log; deliveries still queued find nothing to send. */
  async delete(userId: string, id: string): Promise<void> {
    const deleted = await this.em.fork().nativeDelete(WebhookEndpoint, { id, userId });
    if (deleted === 0) throw endpointNotFound(id);
  }

  /** The endpoint's delivery log, newest first. */
  async deliveries(userId: string, endpointId: string, page: { cursor?: string; limit: number; status?: DeliveryStatus }): Promise<Page<WebhookDelivery>> {
    await this.get(userId, endpointId);
    const rows = await this.em.fork().find(
      WebhookDelivery,
      { endpointId, userId, ...(page.status ? { status: page.status } : {}), ...afterCursor(page.cursor) },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 },
    );
    return toPage(rows, page.limit);
  }

  /** Sends a delivery again as a new round (its full retry schedule), whatever became of it before. */
  async redeliver(userId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
    const endpoint = await this.get(userId, endpointId);
    if (!endpoint.enabled) throw new DomainError('webhook_endpoint_disabled', `endpoint ${endpointId} is disabled; enable it first`);
    const em = this.em.fork();
    const delivery = await em.findOne(WebhookDelivery, { id: deliveryId, endpointId, userId });
    if (!delivery) throw new DomainError('webhook_delivery_not_found', `no delivery ${deliveryId} of endpoint ${endpointId}`);
    Object.assign(delivery, { round: delivery.round + 1, status: 'pending', nextAttemptAt: new Date() });
    await em.flush();
    await this.queue.enqueue([{ deliveryId: delivery.id, round: delivery.round }]);
    return delivery;
  }
}

function endpointNotFound(id: string): DomainError {
  return new DomainError('webhook_endpoint_not_found', `no webhook endpoint ${id}`);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
