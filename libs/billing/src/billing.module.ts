import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { modelRoutingConfig, modelsConfig, SharedConfigModule, WebhookEventsModule } from '@app/shared';
import { billingConfig } from './billing.config.js';
import { CreditLedgerEntry } from './credits/credit-ledger.entity.js';
import { CreditLedgerService } from './credits/credit-ledger.service.js';
import { SpendingGuard } from './credits/spending-guard.js';
import { SpendingPolicy } from './credits/spending-policy.js';
import { MeterReporter } from './meter/meter-reporter.service.js';
import { BillingAccount } from './stripe/billing-account.entity.js';
import { BillingService } from './stripe/billing.service.js';
import { StripeEvent } from './stripe/stripe-event.entity.js';
import { StripeGateway } from './stripe/stripe.gateway.js';
import { PriceTable } from './usage/price-table.js';
import { UsageDaily } from './usage/usage-daily.entity.js';
import { UsageEvent } from './usage/usage-event.entity.js';
import { UsageEventsRepository } from './usage/usage-events.repository.js';
import { UsageMeter } from './usage/usage-meter.service.js';
import { UsageReportRepository } from './usage/usage-report.repository.js';
import { UsageThresholdNotifier } from './usage/usage-threshold.notifier.js';
import { BillingAccountsRepository } from './stripe/billing-accounts.repository.js';

const BillingConfigModule = SharedConfigModule.forFeature(billingConfig, modelsConfig, modelRoutingConfig);

@Module({
  imports: [BillingConfigModule, WebhookEventsModule, MikroOrmModule.forFeature([UsageEvent, UsageDaily, BillingAccount, CreditLedgerEntry, StripeEvent])],
  providers: [PriceTable, UsageEventsRepository, UsageReportRepository, BillingAccountsRepository, UsageThresholdNotifier, UsageMeter, CreditLedgerService, SpendingPolicy, SpendingGuard, MeterReporter, StripeGateway, BillingService],
  exports: [BillingConfigModule, PriceTable, UsageEventsRepository, UsageReportRepository, BillingAccountsRepository, UsageMeter, CreditLedgerService, SpendingPolicy, SpendingGuard, MeterReporter, StripeGateway, BillingService],
})
export class BillingModule {}
