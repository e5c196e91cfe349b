// What apps and tests use of libs/webhooks; everything else stays inside the lib.
export { WebhooksModule } from './webhooks.module.js';
export { WebhookEndpoint } from './endpoints/webhook-endpoint.entity.js';
export { MAX_ENDPOINTS_PER_USER, WebhookEndpointsService, type EndpointChange, type NewEndpoint } from './endpoints/webhook-endpoints.service.js';
export { DELIVERY_STATUSES, WebhookDelivery, type DeliveryStatus } from './deliveries/webhook-delivery.entity.js';
export { WebhookEvent } from './deliveries/webhook-event.entity.js';
export { WebhookDeliverer, type DeliveryOutcome } from './deliveries/webhook-deliverer.service.js';
export { OverdueDeliverySweeper } from './deliveries/overdue-delivery.sweeper.js';
export { forbiddenRange, WebhookTargetPolicy } from './targets/webhook-target.policy.js';
