import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
  HttpCode,
  Post,
  Req,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { EnvironmentVariables, User } from '@app/shared';
import { BillingService, CREDIT_PACKS, PLANS, StripeGateway, StripeNotConfiguredError } from '@app/billing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { badField } from '../http/field-errors.js';
import { Public } from '../auth/public.decorator.js';
import { BillingOverviewDto, BillingUrlDto, CheckoutRequestDto, WebhookAckDto } from './billing.dto.js';


function notConfigured(variable: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ detail: `Stripe billing is not configured: set ${variable}` });
}

async function stripeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) throw notConfigured(error.variable);
    throw error;
  }
}

@ApiTags('billing')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/billing')
export class BillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly stripe: StripeGateway,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** The caller's plan, subscription state, credit balance and this UTC month's usage and cost. */
  @Get()
  @RequireScopes('billing:read')
  overview(@CurrentUser() user: User): Promise<BillingOverviewDto> {
    return this.billing.overview(user.id);
  }

  /** A Stripe Checkout URL: {plan: 'pro'} subscribes, {credit_pack: 'standard'} buys credits (exactly one). */
  @Post('checkout')
  @HttpCode(200)
  @RequireScopes('billing:write')
  async checkout(@CurrentUser() user: User, @Body() body: CheckoutRequestDto): Promise<BillingUrlDto> {
    if ((body.plan === undefined) === (body.credit_pack === undefined)) {
      throw badField(body.plan === undefined ? 'plan' : 'credit_pack', 'give exactly one of plan and credit_pack');
    }
    const item = body.plan ? PLANS[body.plan] : CREDIT_PACKS[body.credit_pack!];
    const price = this.config.get(item.priceEnv, { infer: true });
    if (!price) throw notConfigured(item.priceEnv);
    await this.billing.ensureAccount(user.id);
    const customer = await stripeCall(() => this.stripe.ensureCustomer(user));
    const session = await stripeCall(() =>
      this.stripe.createCheckoutSession({
        customer,
        mode: body.plan ? 'subscription' : 'payment',
        price,
        userId: user.id,
        metadata: body.plan ? { plan: body.plan } : { credit_pack: body.credit_pack! },
      }),
    );
    return { url: session.url };
  }

  /** A Stripe Customer Portal URL (manage the subscription and invoices); 409 before any checkout. */
  @Post('portal')
  @HttpCode(200)
  @RequireScopes('billing:write')
  async portal(@CurrentUser() user: User): Promise<BillingUrlDto> {
    const customer = await this.billing.customerOf(user.id);
    if (!customer) throw new ConflictException({ detail: 'no Stripe customer yet: start a checkout first (POST /api/v1/billing/checkout)' });
    return stripeCall(() => this.stripe.createPortalSession(customer));
  }

  /** Stripe webhook: signature verified over the raw body; each event id applied once. */
  @Post('webhook')
  @Public()
  @HttpCode(200)
  async webhook(@Req() req: Request & { rawBody?: Buffer }, @Headers('stripe-signature') signature?: string): Promise<WebhookAckDto> {
    if (!this.config.get('STRIPE_WEBHOOK_SECRET', { infer: true })) throw notConfigured('STRIPE_WEBHOOK_SECRET');
    if (!signature) throw new BadRequestException({ detail: 'missing Stripe-Signature header' });
    if (!req.rawBody) throw new BadRequestException({ detail: 'the webhook body must be JSON (Content-Type: application/json)' });
    let event;
    try {
      event = this.stripe.constructWebhookEvent(req.rawBody, signature);
    } catch (error) {
      if (error instanceof StripeNotConfiguredError) throw notConfigured(error.variable);
      throw new BadRequestException({ detail: `invalid Stripe signature: ${(error as Error).message}` });
    }
    return { received: true, processed: await this.billing.processEvent(event) };
  }
}
