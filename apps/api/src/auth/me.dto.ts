import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { SCOPES, type Scope, type User, IsOptionalOrNull } from '@app/shared';
import { ACCOUNT_CURRENCY, microsToMinorUnits } from '@app/billing';
import { MAX_COST_LIMIT } from '../jobs/job-cost.dto.js';
import type { Principal } from './principal.js';

export class BillingSettingsDto {
  /**
   * The most your billed usage may reach in a UTC calendar month, in the account currency's minor
   * units (USD cents; 1 cent = 10,000 micro-USD); `null` removes the cap. A paid job is refused at
   * launch (402 `spending_cap_reached`, `limit: monthly_cap`) once the month reached it, and a
   * running one stops before a call that would pass it.
   */
  @ApiProperty({ type: Number, nullable: true, required: false, minimum: 1, maximum: MAX_COST_LIMIT })
  @IsOptionalOrNull()
  @IsInt()
  @Min(1)
  @Max(MAX_COST_LIMIT)
  monthly_cap?: number | null;
}

export class UpdateMeDto {
  /** Billing settings (needs the billing:write scope). */
  @ValidateIf((body: UpdateMeDto) => body.billing !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => BillingSettingsDto)
  billing?: BillingSettingsDto;
}

export class MeBillingDto {
  @ApiProperty({ enum: [ACCOUNT_CURRENCY] })
  currency!: typeof ACCOUNT_CURRENCY;
  /** The monthly spending cap in minor units (cents); null: none. */
  @ApiProperty({ type: Number, nullable: true })
  monthly_cap!: number | null;
}

export class MeDto {
  id!: string;
  login!: string;
  email!: string | null;
  name!: string | null;
  avatar_url!: string | null;
  /** How this request authenticated. */
  @ApiProperty({ enum: ['session', 'api_key'] })
  authenticated_via!: 'session' | 'api_key';
  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];
  created_at!: string;
  billing!: MeBillingDto;

  static from(user: User, principal: Principal, monthlyCapMicros: number | null): MeDto {
    return {
      id: user.id,
      login: user.login,
      email: user.email ?? null,
      name: user.name ?? null,
      avatar_url: user.avatarUrl ?? null,
      authenticated_via: principal.via,
      scopes: [...principal.scopes],
      created_at: user.createdAt.toISOString(),
      billing: { currency: ACCOUNT_CURRENCY, monthly_cap: monthlyCapMicros === null ? null : microsToMinorUnits(monthlyCapMicros) },
    };
  }
}
