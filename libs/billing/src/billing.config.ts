import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { defineConfig, emptyToUndefined, parseJsonObject, toInt } from '@app/shared';
import type { CreditPackName, PlanName } from './plans.js';
import type { ModelPrice } from './usage/price-table.js';

class BillingVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Where the Stripe SDK sends API requests (a local fake in tests). */
  @IsString()
  STRIPE_API_HOST = 'api.stripe.com';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  STRIPE_API_PORT = 443;

  @IsIn(['http', 'https'])
  STRIPE_API_PROTOCOL: 'http' | 'https' = 'https';

  /** The Stripe price of the pro subscription (checkout {plan: 'pro'}). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_PRICE_SUBSCRIPTION?: string;

  /** The Stripe price of the standard credit pack (checkout {credit_pack: 'standard'}). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_PRICE_CREDIT_PACK?: string;

  /** The Stripe Billing meter's event_name that usage is reported to. */
  @IsString()
  @MinLength(1)
  STRIPE_METER_EVENT_NAME = 'scriptorium_usage';

  /**
   * How often the worker reports unreported billable usage to Stripe meter events, in seconds; 0
   * turns this worker's schedule off (another deployment reports from the same database).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  METER_REPORT_INTERVAL_S = 60;

  /** After a meter event Stripe did not accept: the first retry's delay (doubling with each failure), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  METER_RETRY_BASE_MS = 5_000;

  /** The longest delay between two retries of a meter event, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  METER_RETRY_MAX_MS = 3_600_000;

  /** Credits granted once to every new billing account, in micro-USD. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  FREE_CREDITS_MICROS = 1_000_000;

  /**
   * Prices per model as JSON, USD per million tokens (per transcribed minute, per image), merged over
   * built-in defaults: {"my-model": {"input_per_1m": 0.2, "output_per_1m": 0.8}}, {"my-image-model": {"per_image": 0.04}}.
   */
  @Transform(parseJsonObject)
  @IsObject({ message: 'MODEL_PRICES must be a JSON object of {"model": {"input_per_1m": n, "output_per_1m": n}}' })
  MODEL_PRICES: Record<string, ModelPrice> = {};

  /**
   * Month-to-date costs (micro-USD, comma-separated) at which a `usage.threshold_reached` webhook
   * event is sent, once per threshold and UTC month; empty: none.
   */
  @Matches(/^\s*(\d{1,15}\s*(,\s*\d{1,15}\s*)*)?$/, { message: 'USAGE_ALERT_THRESHOLDS_MICROS must be whole micro-USD amounts separated by commas' })
  USAGE_ALERT_THRESHOLDS_MICROS = '1000000,10000000,100000000';
}

/** Stripe, plan prices, sign-up credits, metering and model prices. */
export const billingConfig = defineConfig('billing', {
  variables: BillingVariables,
  map: (env) => ({
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      host: env.STRIPE_API_HOST,
      port: env.STRIPE_API_PORT,
      protocol: env.STRIPE_API_PROTOCOL,
      meterEventName: env.STRIPE_METER_EVENT_NAME,
    },
    /** Stripe price ids by plan and credit pack (PLANS / CREDIT_PACKS name each one's variable). */
    planPrices: { pro: env.STRIPE_PRICE_SUBSCRIPTION } satisfies Record<PlanName, string | undefined>,
    creditPackPrices: { standard: env.STRIPE_PRICE_CREDIT_PACK } satisfies Record<CreditPackName, string | undefined>,
    meterReportIntervalS: env.METER_REPORT_INTERVAL_S,
    meterRetry: { baseMs: env.METER_RETRY_BASE_MS, maxMs: Math.max(env.METER_RETRY_BASE_MS, env.METER_RETRY_MAX_MS) },
    freeCreditsMicros: env.FREE_CREDITS_MICROS,
    modelPrices: env.MODEL_PRICES,
    usageAlertThresholdsMicros: [...new Set(env.USAGE_ALERT_THRESHOLDS_MICROS.split(',').map((part) => part.trim()).filter(Boolean).map(Number))]
      .filter((threshold) => threshold > 0)
      .sort((a, b) => a - b),
  }),
});
