import { ApiResponse } from '@nestjs/swagger';

/** Documents the 402 of a route that spends credits (see SpendingPolicy.assertCanSpend). */
export const ApiPaymentRequired = () =>
  ApiResponse({
    status: 402,
    description:
      'a spending limit stops a paid call (model, image or transcription); `limit` names it. ' +
      '`credits_exhausted` (limit `credits`): no credits left and no active subscription; the body gives `balance_micros` and `top_up` (POST /api/v1/billing/checkout). ' +
      '`spending_cap_reached` (limit `monthly_cap`): this month\'s billed usage reached your monthly cap (PATCH /api/v1/me)',
  });
