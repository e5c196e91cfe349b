import { ServiceUnavailableException } from '@nestjs/common';
import { StripeNotConfiguredError } from '@app/billing';

/** 503 naming the variable that would configure Stripe billing. */
export function notConfigured(variable: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ detail: `Stripe billing is not configured: set ${variable}` });
}

/** Runs a Stripe call, turning a missing setting into its 503. */
export async function stripeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) throw notConfigured(error.variable);
    throw error;
  }
}

