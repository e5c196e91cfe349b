import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { routeName, type User } from '@app/shared';
import { type JobModelRoutes, ModelRouter } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ModelRoutesDto, PutModelRoutesDto } from './model-routes.dto.js';

/**
 * The caller's own model routes: which provider and model serve each step of their jobs, over the
 * server's MODEL_ROUTES (a request's `options.models` goes over both). Held to the allow-list.
 */
@ApiTags('account')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/me/model-routes')
export class ModelRoutesController {
  constructor(private readonly router: ModelRouter) {}

  /** The caller's model routes, what a new job of theirs runs on, and what may be chosen. */
  @Get()
  @RequireScopes('billing:read')
  async get(@CurrentUser() user: User): Promise<ModelRoutesDto> {
    return this.view(user.id, await this.router.accountRoutes(user.id));
  }

  /** Replaces the caller's model routes; 422 `model_not_allowed` (naming `routes.<step>`) for an entry outside the allow-list. */
  @Put()
  @RequireScopes('billing:write')
  @ApiUnprocessableEntityResponse({ description: 'a provider:model outside the allow-list (model_not_allowed, details.field)' })
  async put(@CurrentUser() user: User, @Body() body: PutModelRoutesDto): Promise<ModelRoutesDto> {
    return this.view(user.id, await this.router.setAccountRoutes(user.id, { ...body.routes } as JobModelRoutes));
  }

  private async view(userId: string, routes: JobModelRoutes): Promise<ModelRoutesDto> {
    return {
      routes,
      effective: await this.router.tableFor(userId),
      default_model: routeName(this.router.defaultChatRoute),
      allowed: this.router.allowed(),
      fallback: this.router.fallback,
    };
  }
}
