import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from './is-optional-not-null.decorator.js';

/** `?cursor=&limit=` of every list endpoint. */
export class PageQueryDto {
  /** `next_cursor` of the previous page. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  /** Items per page (1–100, default 20). */
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}
