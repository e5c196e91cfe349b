import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type Stripe from 'stripe';
import { appConfig, DomainError, lazyPackage } from '@app/shared';
import { billingConfig } from '../billing.config.js';
import { BillingAccountsRepository } from './billing-accounts.repository.js';

/** The Stripe SDK (~35 MiB) loads with the first billing call or webhook, not with the API process. */
const StripeSdk = lazyPackage<typeof Stripe>('stripe');

/** The Stripe API version this code is written against (the one the installed SDK declares). */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/** How far a webhook's signed timestamp may be from now, in seconds. */
export const STRIPE_WEBHOOK_TOLERANCE_S = 300;

/** A billing route reached while the Stripe setting it needs is unset: 503 naming the variable. */
export class StripeNotConfiguredError extends DomainError {
  constructor(readonly variable: string) {
    super('billing_not_configured', `Stripe billing is not configured: set ${variable}`, { details: { missing: variable } });
    this.name = 'StripeNotConfiguredError';
  }
}

export interface CheckoutSessionInput {
  customer: string;
  mode: 'subscription' | 'payment';
  price: string;
  userId: string;
  metadata: Record<string, string>;
}

/** The only code that talks to the Stripe SDK: pinned API version, host/port/protocol from the environment. */
@Injectable()
export class StripeGateway {
  private client?: Stripe;

  constructor(
    @Inject(billingConfig.KEY) private readonly billing: ConfigType<typeof billingConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly accounts: BillingAccountsRepository,
  ) {}

  private stripe(): Stripe {
    if (this.client) return this.client;
    const { secretKey, host, port, protocol } = this.billing.stripe;
    if (!secretKey) throw new StripeNotConfiguredError('STRIPE_SECRET_KEY');
    this.client = new (StripeSdk())(secretKey, {
      apiVersion: STRIPE_API_VERSION,
      host,
      port,
      protocol,
      maxNetworkRetries: 2,
      timeout: 20_000,
    });
    return this.client;
  }

  private publicUrl(path: string): string {
    return new URL(path, this.app.publicUrl).toString();
  }

  /**
   * The user's Stripe customer id, creating the customer on first use and storing it on
   * billing_accounts (the row must exist). Concurrent callers end up with the same customer: the
   * create call carries an idempotency key per user, and only the first stored id is kept.
   */
  async ensureCustomer(user: { id: string; email?: string | null; name?: string | null }): Promise<string> {
    const existing = await this.accounts.customerOf(user.id);
    if (existing) return existing;
    const customer = await this.stripe().customers.create(
      {
        ...(user.email ? { email: user.email } : {}),
        ...(user.name ? { name: user.name } : {}),
        metadata: { user_id: user.id },
      },
      { idempotencyKey: `customer:${user.id}` },
    );
    return this.accounts.linkCustomer(user.id, customer.id);
  }

  /** A hosted Checkout page; returns its URL. */
  async createCheckoutSession(input: CheckoutSessionInput): Promise<{ id: string; url: string }> {
    const session = await this.stripe().checkout.sessions.create({
      customer: input.customer,
      mode: input.mode,
      line_items: [{ price: input.price, quantity: 1 }],
      success_url: this.publicUrl('/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}'),
      cancel_url: this.publicUrl('/billing?checkout=cancel'),
      client_reference_id: input.userId,
      metadata: { user_id: input.userId, ...input.metadata },
      ...(input.mode === 'subscription' ? { subscription_data: { metadata: { user_id: input.userId } } } : {}),
    });
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
    return { id: session.id, url: session.url };
  }

  /** Whether a secret key is set (calls that need one fail with StripeNotConfiguredError otherwise). */
  get configured(): boolean {
    return Boolean(this.billing.stripe.secretKey);
  }

  /**
   * One Billing meter event. Its `identifier` makes Stripe count it once however often it is sent;
   * no SDK retry here: the caller retries the event on its own schedule.
   */
  async sendMeterEvent(event: { eventName: string; identifier: string; at: Date; customer: string; value: number }): Promise<void> {
    await this.stripe().billing.meterEvents.create(
      {
        event_name: event.eventName,
        identifier: event.identifier,
        timestamp: Math.floor(event.at.getTime() / 1000),
        payload: { stripe_customer_id: event.customer, value: String(Math.round(event.value)) },
      },
      { maxNetworkRetries: 0 },
    );
  }

  /** A Customer Portal session (manage subscription, invoices, payment methods); returns its URL. */
  async createPortalSession(customer: string): Promise<{ url: string }> {
    const session = await this.stripe().billingPortal.sessions.create({ customer, return_url: this.publicUrl('/billing') });
    return { url: session.url };
  }

  /** Verifies the Stripe-Signature header over the raw body (tolerance 300 s) and parses the event; throws when invalid. */
  constructWebhookEvent(rawBody: Buffer | string, signature: string): Stripe.Event {
    const secret = this.billing.stripe.webhookSecret;
    if (!secret) throw new StripeNotConfiguredError('STRIPE_WEBHOOK_SECRET');
    // Verification needs no API key; a placeholder keeps webhooks usable without STRIPE_SECRET_KEY.
    const client = this.client ?? new (StripeSdk())(this.billing.stripe.secretKey ?? 'sk_unset', { apiVersion: STRIPE_API_VERSION });
    return client.webhooks.constructEvent(rawBody, signature, secret, STRIPE_WEBHOOK_TOLERANCE_S);
  }
}
