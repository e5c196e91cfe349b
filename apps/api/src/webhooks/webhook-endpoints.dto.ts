import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOptionalNotNull, IsOptionalOrNull, PageQueryDto, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/shared';
import { DELIVERY_STATUSES, type DeliveryStatus, type WebhookDelivery, type WebhookEndpoint } from '@app/webhooks';

const present = (_: object, value: unknown) => value !== undefined;

export class CreateWebhookEndpointDto {
  /**
   * Where events are POSTed: an http(s) URL whose host is, and resolves only to, public addresses
   * (private, loopback, link-local and metadata addresses are refused; see WEBHOOK_ALLOWED_HOSTS).
   */
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url!: string;

  /** A note to recognise the endpoint by. */
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: 500 })
  @IsOptionalOrNull()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  /** The events to send. */
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events!: WebhookEventType[];
}

export class UpdateWebhookEndpointDto {
  @ValidateIf(present)
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url?: string;

  /** `null` clears it. */
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: 500 })
  @IsOptionalOrNull()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, required: false })
  @ValidateIf(present)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];

  /** `true` enables a disabled endpoint again (and clears its notice); `false` pauses it. */
  @ValidateIf(present)
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookEndpointDto {
  id!: string;
  url!: string;
  description!: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  events!: WebhookEventType[];
  /** False once disabled (by its owner, or after deliveries kept failing): nothing is sent to it. */
  enabled!: boolean;
  disabled_at!: string | null;
  /** Why it was disabled, e.g. every attempt failing for 3 days. */
  disabled_reason!: string | null;
  /** Delivery attempts failed since the last successful one. */
  consecutive_failures!: number;
  last_success_at!: string | null;
  last_failure_at!: string | null;
  created_at!: string;
  updated_at!: string;

  static from(endpoint: WebhookEndpoint): WebhookEndpointDto {
    return {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description ?? null,
      events: endpoint.events,
      enabled: endpoint.enabled,
      disabled_at: endpoint.disabledAt?.toISOString() ?? null,
      disabled_reason: endpoint.disabledReason ?? null,
      consecutive_failures: endpoint.consecutiveFailures,
      last_success_at: endpoint.lastSuccessAt?.toISOString() ?? null,
      last_failure_at: endpoint.lastFailureAt?.toISOString() ?? null,
      created_at: endpoint.createdAt.toISOString(),
      updated_at: endpoint.updatedAt.toISOString(),
    };
  }
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  /** The signing secret (`whsec_…`), for verifying `webhook-signature`. Shown only in this answer: store it now. */
  secret!: string;
}

export class WebhookEndpointListDto {
  items!: WebhookEndpointDto[];
  next_cursor!: string | null;
}

export class WebhookDeliveryListQueryDto extends PageQueryDto {
  @ApiProperty({ enum: DELIVERY_STATUSES, required: false })
  @IsOptionalNotNull()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookDeliveryDto {
  id!: string;
  endpoint_id!: string;
  /** The event's id: the `webhook-id` header of every attempt (the same across retries). */
  event_id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  event_type!: WebhookEventType;
  /** `pending` (queued or waiting for a retry), `succeeded` or `failed` (every attempt failed). */
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;
  /** Attempts made, redeliveries included. */
  attempts!: number;
  /** HTTP status of the last attempt; null when nothing answered (refused, unreachable, timed out). */
  last_response_code!: number | null;
  last_error!: string | null;
  last_attempt_at!: string | null;
  next_attempt_at!: string | null;
  delivered_at!: string | null;
  created_at!: string;

  static from(delivery: WebhookDelivery): WebhookDeliveryDto {
    return {
      id: delivery.id,
      endpoint_id: delivery.endpointId,
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      status: delivery.status,
      attempts: delivery.attempts,
      last_response_code: delivery.lastResponseCode ?? null,
      last_error: delivery.lastError ?? null,
      last_attempt_at: delivery.lastAttemptAt?.toISOString() ?? null,
      next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
      delivered_at: delivery.deliveredAt?.toISOString() ?? null,
      created_at: delivery.createdAt.toISOString(),
    };
  }
}

export class WebhookDeliveryListDto {
  items!: WebhookDeliveryDto[];
  next_cursor!: string | null;
}
