import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiExtraModels, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, type User } from '@app/shared';
import { WebhookEndpointsService } from '@app/webhooks';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { RedactOnReplay } from '../http/idempotency-key.js';
import {
  CreatedWebhookEndpointDto,
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookDeliveryListQueryDto,
  WebhookEndpointDto,
  WebhookEndpointListDto,
} from './webhook-endpoints.dto.js';
import { JobWebhookEventDto, PostWebhookEventDto, UsageThresholdWebhookEventDto } from './webhook-payloads.dto.js';

/**
 * Outbound webhooks (Standard Webhooks): endpoints that receive signed events, and each one's
 * delivery log. Every delivery is signed with the endpoint's `whsec_` secret.
 */
@ApiTags('webhooks')
@ApiExtraModels(JobWebhookEventDto, PostWebhookEventDto, UsageThresholdWebhookEventDto)
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  /**
   * Registers an endpoint for the chosen events. The answer carries its signing secret, shown this
   * once. A URL that is, or resolves to, a private, loopback, link-local or metadata address is a
   * 400 (`url_not_allowed`).
   */
  @Post()
  @RequireScopes('webhooks:write')
  @RedactOnReplay('secret')
  @ApiConflictResponse({ description: 'the account already has the most endpoints allowed (webhook_endpoint_limit)' })
  async create(@CurrentUser() user: User, @Body() body: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpointDto> {
    const { endpoint, secret } = await this.endpoints.create(user.id, body);
    return { ...WebhookEndpointDto.from(endpoint), secret };
  }

  /** The caller's endpoints, newest first (never their secrets). */
  @Get()
  @RequireScopes('webhooks:read')
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<WebhookEndpointListDto> {
    const page = await this.endpoints.list(user.id, query);
    return { items: page.items.map((endpoint) => WebhookEndpointDto.from(endpoint)), next_cursor: page.nextCursor };
  }

  /** An endpoint: its events, whether it is enabled, and why not. */
  @Get(':id')
  @RequireScopes('webhooks:read')
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.endpoints.get(user.id, id));
  }

  /** Changes the URL, description or events; `enabled: true` enables a disabled endpoint again. */
  @Patch(':id')
  @RequireScopes('webhooks:write')
  async update(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.endpoints.update(user.id, id, body));
  }

  /** Deletes the endpoint and its delivery log. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('webhooks:write')
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.endpoints.delete(user.id, id);
  }

  /** The endpoint's deliveries, newest first: status, attempts, the last response code and error. */
  @Get(':id/deliveries')
  @RequireScopes('webhooks:read')
  async deliveries(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: WebhookDeliveryListQueryDto,
  ): Promise<WebhookDeliveryListDto> {
    const page = await this.endpoints.deliveries(user.id, id, query);
    return { items: page.items.map((delivery) => WebhookDeliveryDto.from(delivery)), next_cursor: page.nextCursor };
  }

  /** Sends a delivery again, with a full retry schedule of its own. */
  @Post(':id/deliveries/:delivery_id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('webhooks:write')
  @ApiAcceptedResponse({ type: WebhookDeliveryDto, description: 'queued again' })
  @ApiConflictResponse({ description: 'the endpoint is disabled (webhook_endpoint_disabled)' })
  async redeliver(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('delivery_id', new ParseUUIDPipe()) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.endpoints.redeliver(user.id, id, deliveryId));
  }
}
