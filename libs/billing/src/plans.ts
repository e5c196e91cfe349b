/** Every plan and credit pack, in one place. Prices live in Stripe (ids from the environment). */
export const PLANS = {
  pro: {
    /** Env var naming the Stripe price of the subscription. */
    priceEnv: 'STRIPE_PRICE_SUBSCRIPTION',
    /** Credits granted with each paid subscription invoice (micro-USD); usage beyond is metered overage. */
    includedCreditsMicros: 20_000_000,
  },
} as const;

export const CREDIT_PACKS = {
  standard: {
    priceEnv: 'STRIPE_PRICE_CREDIT_PACK',
    /** Credits granted when the pack's checkout completes (micro-USD). */
    creditsMicros: 10_000_000,
  },
} as const;

export type PlanName = keyof typeof PLANS;
export type CreditPackName = keyof typeof CREDIT_PACKS;
export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];
export const CREDIT_PACK_NAMES = Object.keys(CREDIT_PACKS) as CreditPackName[];
