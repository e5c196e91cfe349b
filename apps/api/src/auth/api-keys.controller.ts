import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeysService, DomainError, type User } from '@app/shared';
import { RedactOnReplay } from '../http/idempotency-key.js';
import { CurrentPrincipal, CurrentUser } from './auth.decorators.js';
import type { Principal } from './principal.js';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.dto.js';

@ApiTags('account')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Creates an API key. The secret is in this answer only. A key can only create keys with scopes it holds itself. */
  @Post()
  @RedactOnReplay('secret')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const beyond = body.scopes.find((scope) => !principal.scopes.includes(scope));
    if (beyond) {
      throw new DomainError('insufficient_scope', `this API key lacks the scope ${beyond}`, { details: { required_scope: beyond } });
    }
    const { key, secret } = await this.apiKeys.create(principal.user.id, body.name, body.scopes);
    return { ...ApiKeyDto.from(key), secret };
  }

  /** The caller's active keys (never their secrets). */
  @Get()
  async list(@CurrentUser() user: User): Promise<ApiKeyListDto> {
    return { items: (await this.apiKeys.list(user.id)).map((key) => ApiKeyDto.from(key)), next_cursor: null };
  }

  /** Revokes a key at once. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'revoked' })
  async revoke(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    if (!(await this.apiKeys.revoke(user.id, id))) {
      throw new DomainError('api_key_not_found', `no API key ${id}`);
    }
  }
}
