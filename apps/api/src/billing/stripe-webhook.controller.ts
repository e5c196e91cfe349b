import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '@app/shared';
import { billingConfig, BillingService, StripeGateway, StripeNotConfiguredError } from '@app/billing';
import { Public } from '../auth/public.decorator.js';
import { WebhookAckDto } from './billing.dto.js';

/** Stripe's calls to us: authenticated by the Stripe-Signature header, not by a key or session. */
@ApiTags('billing')
@Public()
@Controller('api/v1/billing')
export class StripeWebhookController {
  constructor(
    private readonly billing: BillingService,
    private readonly stripe: StripeGateway,
    @Inject(billingConfig.KEY) private readonly billingSettings: ConfigType<typeof billingConfig>,
  ) {}

  /**
   * Stripe webhook: signature verified over the raw body; each event id applied once. Answers
   * whether the event was applied (`applied: false` with a `reason` for a duplicate, a type not
   * handled, an event about no known customer …); 503 billing_not_configured without STRIPE_WEBHOOK_SECRET.
   */
  @Post('webhook')
  @HttpCode(200)
  @ApiServiceUnavailableResponse({ description: 'Stripe is not configured (billing_not_configured, naming the variable)' })
  async webhook(@Req() req: Request & { rawBody?: Buffer }, @Headers('stripe-signature') signature?: string): Promise<WebhookAckDto> {
    if (!this.billingSettings.stripe.webhookSecret) throw new StripeNotConfiguredError('STRIPE_WEBHOOK_SECRET');
    if (!signature) throw DomainError.badField('Stripe-Signature', 'missing Stripe-Signature header');
    if (!req.rawBody) throw DomainError.badField('Content-Type', 'the webhook body must be JSON (Content-Type: application/json)');
    let event;
    try {
      event = this.stripe.constructWebhookEvent(req.rawBody, signature);
    } catch (error) {
      if (error instanceof StripeNotConfiguredError) throw error;
      throw DomainError.badField('Stripe-Signature', `invalid Stripe signature: ${(error as Error).message}`);
    }
    return { received: true, ...(await this.billing.processEvent(event)) };
  }
}
