import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/shared';
import { BillingAccountsRepository, BillingService, minorUnitsToMicros } from '@app/billing';
import { CurrentPrincipal } from './auth.decorators.js';
import { MeDto, UpdateMeDto } from './me.dto.js';
import type { Principal } from './principal.js';

@ApiTags('account')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly billing: BillingService,
    private readonly accounts: BillingAccountsRepository,
  ) {}

  /** The caller's account, with its billing settings. */
  @Get()
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return MeDto.from(principal.user, principal, await this.accounts.monthlyCap(principal.user.id));
  }

  /** Changes the caller's settings: `billing.monthly_cap` (cents; null removes it) needs the billing:write scope. */
  @Patch()
  @ApiForbiddenResponse({ description: 'billing settings need the billing:write scope (insufficient_scope)' })
  async update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<MeDto> {
    const userId = principal.user.id;
    if (body.billing !== undefined) {
      if (!principal.scopes.includes('billing:write')) {
        throw new DomainError('insufficient_scope', 'billing settings need the billing:write scope', { details: { required_scope: 'billing:write' } });
      }
      if (body.billing.monthly_cap !== undefined) {
        await this.billing.ensureAccount(userId);
        await this.accounts.setMonthlyCap(userId, body.billing.monthly_cap === null ? null : minorUnitsToMicros(body.billing.monthly_cap));
      }
    }
    return MeDto.from(principal.user, principal, await this.accounts.monthlyCap(userId));
  }
}
