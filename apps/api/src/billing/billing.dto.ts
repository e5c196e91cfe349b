import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOptionalNotNull } from '@app/shared';
import { CREDIT_PACK_NAMES, PLAN_NAMES, type CreditPackName, type PlanName } from '@app/billing';

export class CheckoutRequestDto {
  /** Subscribe to a plan (exactly one of plan and credit_pack). */
  @ApiProperty({ enum: PLAN_NAMES, required: false })
  @IsOptionalNotNull()
  @IsIn(PLAN_NAMES)
  plan?: PlanName;

  /** Buy a one-off credit pack (exactly one of plan and credit_pack). */
  @ApiProperty({ enum: CREDIT_PACK_NAMES, required: false })
  @IsOptionalNotNull()
  @IsIn(CREDIT_PACK_NAMES)
  credit_pack?: CreditPackName;
}

export class BillingUrlDto {
  /** Where to send the browser (Stripe Checkout or the Customer Portal). */
  url!: string;
}

export class BillingPeriodDto {
  /** First UTC day of the current month. */
  from!: string;
  /** Last UTC day of the current month. */
  to!: string;
  /** Cost of this month's usage, millionths of a US dollar. */
  cost_micros!: number;
  /** Metered calls this month. */
  events!: number;
}

export class BillingOverviewDto {
  /** free or pro. */
  plan!: string;
  /** none, or the Stripe subscription status (active, past_due, canceled …). */
  status!: string;
  /** End of the paid period (ISO 8601), when subscribed. */
  @ApiProperty({ type: String, nullable: true })
  current_period_end!: string | null;
  /** Sum of the credit ledger in millionths of a US dollar; may be negative after a run that overspent. */
  credits_balance_micros!: number;
  period!: BillingPeriodDto;
}

export class WebhookAckDto {
  received!: boolean;
  /** Whether the event changed anything here (credits, subscription state). */
  applied!: boolean;
  /** Why it did not, when it did not. */
  @ApiProperty({
    enum: ['duplicate', 'ignored_type', 'unknown_customer', 'not_paid', 'payment_failed', 'already_applied', 'stale', 'not_a_renewal'],
    required: false,
  })
  reason?: string;
}

export class CreditLedgerEntryDto {
  id!: string;
  /** Millionths of a US dollar: positive for a grant (signup, a credit pack), negative for usage. */
  delta_micros!: number;
  /** Why: signup, checkout, invoice, usage … */
  reason!: string;
  created_at!: string;

  static from(entry: { id: string; deltaMicros: number; reason: string; createdAt: Date }): CreditLedgerEntryDto {
    return { id: entry.id, delta_micros: Number(entry.deltaMicros), reason: entry.reason, created_at: entry.createdAt.toISOString() };
  }
}

export class CreditLedgerDto {
  items!: CreditLedgerEntryDto[];
  next_cursor!: string | null;
}
