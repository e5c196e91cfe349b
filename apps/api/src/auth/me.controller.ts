import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './auth.decorators.js';
import { MeDto } from './me.dto.js';
import type { Principal } from './principal.js';

@ApiTags('account')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/me')
export class MeController {
  /** The caller's account. */
  @Get()
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return MeDto.from(principal.user, principal);
  }
}
