export { BillingModule } from './billing.module.js';
export { UsageEvent } from './usage/usage-event.entity.js';
export { DEFAULT_PRICES, PriceTable, type ModelPrice } from './usage/price-table.js';
export { UsageRecorder, type UsageRecord } from './usage/usage-recorder.service.js';
