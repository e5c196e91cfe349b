import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { IsOptionalNotNull } from '@app/shared';
import { PUBLISH_STATUSES, PUBLISH_TARGET_KINDS, type PostPublication, type PublishStatus, type PublishTarget, type PublishTargetKind } from '@app/publishing';

type KindOf = { kind?: unknown };

/** Validated when the target is of `kind` (then required) or when sent at all (then refused for another kind). */
function ForKind(kind: PublishTargetKind): PropertyDecorator {
  return (target, property) => {
    ValidateIf((object: KindOf, value: unknown) => object.kind === kind || value !== undefined)(target, property);
    ValidateBy({
      name: 'forKind',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => value === undefined || (args?.object as KindOf).kind === kind,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} is only taken with kind ${kind}`,
      },
    })(target, property);
  };
}

export class CreatePublishTargetDto {
  /** `wordpress` (REST API with an application password) or `ghost` (Admin API key). */
  @ApiProperty({ enum: PUBLISH_TARGET_KINDS })
  @IsIn(PUBLISH_TARGET_KINDS)
  kind!: PublishTargetKind;

  /** A name to recognise the target by; the site's host when absent. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /**
   * The site's root URL (e.g. `https://blog.example.com`): http(s), whose host is, and resolves
   * only to, public addresses (see PUBLISH_ALLOWED_HOSTS).
   */
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url!: string;

  /** WordPress: the user the application password belongs to. */
  @ApiProperty({ required: false, maxLength: 200 })
  @ForKind('wordpress')
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  username?: string;

  /** WordPress: an application password (Users → Profile → Application Passwords). Stored encrypted, never shown again. */
  @ApiProperty({ required: false, maxLength: 200 })
  @ForKind('wordpress')
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  application_password?: string;

  /** Ghost: an Admin API key (`<id>:<secret>`, from a custom integration). Stored encrypted, never shown again. */
  @ApiProperty({ required: false, maxLength: 200 })
  @ForKind('ghost')
  @IsString()
  @Matches(/^[0-9a-f]{24}:[0-9a-f]{64}$/, { message: 'admin_api_key must be a Ghost Admin API key: <24 hex id>:<64 hex secret>' })
  admin_api_key?: string;
}

export class PublishTargetDto {
  id!: string;
  @ApiProperty({ enum: PUBLISH_TARGET_KINDS })
  kind!: PublishTargetKind;
  name!: string;
  /** The site's root URL. */
  url!: string;
  /** The credentials, masked (WordPress username, Ghost key id): they are never answered. */
  credential_hint!: string;
  created_at!: string;
  updated_at!: string;

  static from(target: PublishTarget): PublishTargetDto {
    return {
      id: target.id,
      kind: target.kind,
      name: target.name,
      url: target.baseUrl,
      credential_hint: target.credentialHint,
      created_at: target.createdAt.toISOString(),
      updated_at: target.updatedAt.toISOString(),
    };
  }
}

export class PublishTargetListDto {
  items!: PublishTargetDto[];
  next_cursor!: string | null;
}

export class PublishPostDto {
  /** The publishing target (one of the caller's). */
  @IsUUID()
  target_id!: string;

  /** `draft`, `publish` (now) or `future` (scheduled at `scheduled_at`; Ghost calls it scheduled). */
  @ApiProperty({ enum: PUBLISH_STATUSES })
  @IsIn(PUBLISH_STATUSES)
  status!: PublishStatus;

  /** With status `future`: when the post goes live (ISO 8601 with a zone, in the future). */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptionalNotNull()
  @IsString()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'scheduled_at must name its time zone (Z or ±hh:mm)' })
  scheduled_at?: string;
}

export class PostPublicationDto {
  target_id!: string;
  /** The post's id on the blog. */
  remote_id!: string;
  /** The post's URL on the blog (as the blog answered it). */
  url!: string | null;
  /** The blog's status: WordPress draft|publish|future, Ghost draft|published|scheduled. */
  status!: string;
  /** The version of the post last sent. */
  post_version!: number;
  published_at!: string;

  static from(publication: PostPublication): PostPublicationDto {
    return {
      target_id: publication.targetId,
      remote_id: publication.remoteId,
      url: publication.remoteUrl ?? null,
      status: publication.remoteStatus,
      post_version: publication.postVersion,
      published_at: publication.publishedAt.toISOString(),
    };
  }
}
