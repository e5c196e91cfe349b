import { billingConfig } from './billing.config.js';

describe('billing config', () => {
  it('talks to api.stripe.com with no key, no prices and $1 of sign-up credits by default', () => {
    expect(billingConfig.from({})).toEqual({
      stripe: { secretKey: undefined, webhookSecret: undefined, host: 'api.stripe.com', port: 443, protocol: 'https', meterEventName: 'scriptorium_usage' },
      planPrices: { pro: undefined },
      creditPackPrices: { standard: undefined },
      meterReportIntervalS: 60,
      meterRetry: { baseMs: 5_000, maxMs: 3_600_000 },
      freeCreditsMicros: 1_000_000,
      modelPrices: {},
      usageAlertThresholdsMicros: [1_000_000, 10_000_000, 100_000_000],
    });
  });

  it('reads the usage alert thresholds sorted and once each, and names a bad list', () => {
    expect(billingConfig.from({ USAGE_ALERT_THRESHOLDS_MICROS: ' 5000, 100,5000 ' }).usageAlertThresholdsMicros).toEqual([100, 5000]);
    expect(billingConfig.from({ USAGE_ALERT_THRESHOLDS_MICROS: '' }).usageAlertThresholdsMicros).toEqual([]);
    expect(billingConfig.problemsIn({ USAGE_ALERT_THRESHOLDS_MICROS: '1e6,lots' })).toEqual([expect.stringMatching(/^USAGE_ALERT_THRESHOLDS_MICROS must be/)]);
  });

  it('maps the price ids to their plan and credit pack', () => {
    expect(billingConfig.from({ STRIPE_PRICE_SUBSCRIPTION: 'price_pro', STRIPE_PRICE_CREDIT_PACK: 'price_pack' })).toMatchObject({
      planPrices: { pro: 'price_pro' },
      creditPackPrices: { standard: 'price_pack' },
    });
  });

  it('reads MODEL_PRICES as a JSON object and names it when it is not one', () => {
    expect(billingConfig.from({ MODEL_PRICES: '{"my-model": {"input_per_1m": 0.2}}' }).modelPrices).toEqual({ 'my-model': { input_per_1m: 0.2 } });
    expect(billingConfig.problemsIn({ MODEL_PRICES: '{oops' })).toEqual([expect.stringMatching(/^MODEL_PRICES must be a JSON object/)]);
  });

  it('names a bad Stripe endpoint', () => {
    expect(billingConfig.problemsIn({ STRIPE_API_PORT: '0', STRIPE_API_PROTOCOL: 'ftp' })).toEqual([
      'STRIPE_API_PORT must not be less than 1',
      expect.stringMatching(/^STRIPE_API_PROTOCOL must be one of/),
    ]);
  });
});
