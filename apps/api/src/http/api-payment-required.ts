import { ApiResponse } from '@nestjs/swagger';

/** Documents the 402 of a route that spends credits (see SpendingPolicy.assertCanSpend). */
export const ApiPaymentRequired = () =>
  ApiResponse({
    status: 402,
    description:
      'credits_exhausted: no credits left and no active subscription while a paid model would run; ' +
      'the body gives `balance_micros` and `top_up` (POST /api/v1/billing/checkout)',
  });
