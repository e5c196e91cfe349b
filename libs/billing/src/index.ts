export { BillingModule } from './billing.module.js';
export { billingConfig } from './billing.config.js';
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
export { CreditLedgerService } from './credits/credit-ledger.service.js';
export { SpendingPolicy, SPENDING_SUBSCRIPTION_STATUSES, type SpendingUses } from './credits/spending-policy.js';
export { MeterReporter, METER_BATCH_SIZE, type MeterReport } from './meter/meter-reporter.service.js';
export { BillingAccount } from './stripe/billing-account.entity.js';
export { StripeEvent } from './stripe/stripe-event.entity.js';
export { CreditLedgerEntry } from './credits/credit-ledger.entity.js';
export { BillingService, type BillingOverview } from './stripe/billing.service.js';
export { StripeGateway, StripeNotConfiguredError, STRIPE_API_VERSION, STRIPE_WEBHOOK_TOLERANCE_S } from './stripe/stripe.gateway.js';
export { CREDIT_PACK_NAMES, CREDIT_PACKS, PLAN_NAMES, PLANS, type CreditPackName, type PlanName } from './plans.js';
