// What apps, the other libs and tests use of libs/billing; everything else stays inside the lib.
export { BillingModule } from './billing.module.js';
export { billingConfig } from './billing.config.js';
export { UsageEvent } from './usage/usage-event.entity.js';
export { USAGE_GROUP_BY, UsageReportRepository, type UsageGroupBy, type UsageSums } from './usage/usage-report.repository.js';
export { PriceTable } from './usage/price-table.js';
export { pricedUsageEvent, UsageMeter, type StepUsage } from './usage/usage-meter.service.js';
export { UsageEventsRepository, type UsageEventRow } from './usage/usage-events.repository.js';
export { CreditLedgerService } from './credits/credit-ledger.service.js';
export { CreditLedgerEntry } from './credits/credit-ledger.entity.js';
export { SpendingPolicy, type SpendingUses } from './credits/spending-policy.js';
export { SpendingGuard, type PlannedSpend, type ReleaseSpend, type SpendingCaps, type SpendingJob } from './credits/spending-guard.js';
export { ACCOUNT_CURRENCY, MICROS_PER_MINOR_UNIT, microsToMinorUnits, minorUnitsToMicros } from './currency.js';
export { BillingAccountsRepository } from './stripe/billing-accounts.repository.js';
export { MeterReporter } from './meter/meter-reporter.service.js';
export { BillingService, type WebhookOutcome } from './stripe/billing.service.js';
export { StripeGateway, StripeNotConfiguredError } from './stripe/stripe.gateway.js';
export { CREDIT_PACK_NAMES, CREDIT_PACKS, PLAN_NAMES, PLANS, type CreditPackName, type PlanName } from './plans.js';
