import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { type ApiKey, SCOPES, type Scope } from '@app/shared';

export class CreateApiKeyDto {
  /** A label to recognise the key by. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name!: string;

  /** What the key may do. */
  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCOPES.length)
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];
}

export class ApiKeyDto {
  id!: string;
  name!: string;
  /** The key's first characters, to tell keys apart. */
  prefix!: string;
  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];
  created_at!: string;
  last_used_at!: string | null;

  static from(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      created_at: key.createdAt.toISOString(),
      last_used_at: key.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key itself. Shown only in this answer: store it now. */
  secret!: string;
}

export class ApiKeyListDto {
  items!: ApiKeyDto[];
  /** Keys are few; the list is never paged, so this is always null. */
  next_cursor!: string | null;
}
