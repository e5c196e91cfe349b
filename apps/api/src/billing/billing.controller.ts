import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, PageQueryDto, type User } from '@app/shared';
import { billingConfig, BillingService, CREDIT_PACKS, CreditLedgerService, PLANS, StripeGateway, StripeNotConfiguredError } from '@app/billing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { BillingOverviewDto, BillingUrlDto, CheckoutRequestDto, CreditLedgerDto, CreditLedgerEntryDto } from './billing.dto.js';

@ApiTags('billing')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/billing')
export class BillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly stripe: StripeGateway,
    private readonly credits: CreditLedgerService,
    @Inject(billingConfig.KEY) private readonly billingSettings: ConfigType<typeof billingConfig>,
  ) {}

  /** The caller's plan, subscription state, credit balance and this UTC month's usage and cost. */
  @Get()
  @RequireScopes('billing:read')
  overview(@CurrentUser() user: User): Promise<BillingOverviewDto> {
    return this.billing.overview(user.id);
  }

  /** The credit ledger, newest first: grants (signup, credit packs, invoices) and usage debits; their sum is the balance. */
  @Get('credits')
  @RequireScopes('billing:read')
  async listCredits(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<CreditLedgerDto> {
    const page = await this.credits.entries(user.id, { cursor: query.cursor, limit: query.limit ?? 20 });
    return { items: page.items.map((entry) => CreditLedgerEntryDto.from(entry)), next_cursor: page.nextCursor };
  }

  /** A Stripe Checkout URL: {plan: 'pro'} subscribes, {credit_pack: 'standard'} buys credits (exactly one). */
  @Post('checkout')
  @HttpCode(200)
  @ApiServiceUnavailableResponse({ description: 'Stripe is not configured (billing_not_configured, naming the variable)' })
  @RequireScopes('billing:write')
  async checkout(@CurrentUser() user: User, @Body() body: CheckoutRequestDto): Promise<BillingUrlDto> {
    if ((body.plan === undefined) === (body.credit_pack === undefined)) {
      throw DomainError.badField(body.plan === undefined ? 'plan' : 'credit_pack', 'give exactly one of plan and credit_pack');
    }
    if (!this.stripe.configured) throw new StripeNotConfiguredError('STRIPE_SECRET_KEY');
    const item = body.plan ? PLANS[body.plan] : CREDIT_PACKS[body.credit_pack!];
    const price = body.plan ? this.billingSettings.planPrices[body.plan] : this.billingSettings.creditPackPrices[body.credit_pack!];
    if (!price) throw new StripeNotConfiguredError(item.priceEnv);
    await this.billing.ensureAccount(user.id);
    const customer = await this.stripe.ensureCustomer(user);
    const session = await this.stripe.createCheckoutSession({
      customer,
      mode: body.plan ? 'subscription' : 'payment',
      price,
      userId: user.id,
      metadata: body.plan ? { plan: body.plan } : { credit_pack: body.credit_pack! },
    });
    return { url: session.url };
  }

  /** A Stripe Customer Portal URL (manage the subscription and invoices); 409 before any checkout. */
  @Post('portal')
  @ApiConflictResponse({ description: 'no Stripe customer yet: start a checkout first' })
  @ApiServiceUnavailableResponse({ description: 'Stripe is not configured (billing_not_configured, naming the variable)' })
  @HttpCode(200)
  @RequireScopes('billing:write')
  async portal(@CurrentUser() user: User): Promise<BillingUrlDto> {
    if (!this.stripe.configured) throw new StripeNotConfiguredError('STRIPE_SECRET_KEY');
    const customer = await this.billing.customerOf(user.id);
    if (!customer) throw new DomainError('billing_customer_missing', 'no Stripe customer yet: start a checkout first (POST /api/v1/billing/checkout)');
    return this.stripe.createPortalSession(customer);
  }
}
