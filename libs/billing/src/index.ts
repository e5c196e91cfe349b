export { BillingModule } from './billing.module.js';
export { UsageEvent } from './usage/usage-event.entity.js';
export { UsageDaily } from './usage/usage-daily.entity.js';
export {
  findUsageDailyMismatches,
  rebuildUsageDaily,
  USAGE_GROUP_BY,
  usageSummary,
  type UsageDailyMismatch,
  type UsageGroup,
  type UsageGroupBy,
  type UsageSums,
} from './usage/usage-report.js';
export { DEFAULT_PRICES, PriceTable, type ModelPrice } from './usage/price-table.js';
export { UsageRecorder, type UsageRecord } from './usage/usage-recorder.service.js';
