import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptionalNotNull } from '@app/shared';

const ROUTE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}:\S.*$/;
const each = (step: string) => ({ each: true, message: `routes.${step} entries must look like provider:model` });

/** Per step, `provider:model` entries in order of preference (the first serves, the next are fallbacks). */
/** An optional list of 1–5 `provider:model` entries for one step. */
const RouteList = (step: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'array', minItems: 1, maxItems: 5, items: { type: 'string', maxLength: 200 } }),
    IsOptionalNotNull(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(5),
    IsString({ each: true }),
    MaxLength(200, { each: true }),
    Matches(ROUTE_PATTERN, each(step)),
  );

export class ModelRouteTableDto {
  @RouteList('outline')
  outline?: string[];

  /** Chapters, their rewrites, the introduction and conclusion. */
  @RouteList('chapters')
  chapters?: string[];

  @RouteList('seo')
  seo?: string[];

  @RouteList('images_plan')
  images_plan?: string[];

  @RouteList('compose')
  compose?: string[];

  /** Image generation. */
  @RouteList('images')
  images?: string[];
}

export class PutModelRoutesDto {
  /** The account's routes; they replace the ones it had. `{}` removes them all (MODEL_ROUTES applies again). */
  @IsObject()
  @ValidateNested()
  @Type(() => ModelRouteTableDto)
  routes!: ModelRouteTableDto;
}

export class ModelRoutesDto {
  /** The account's own routes. */
  routes!: ModelRouteTableDto;
  /** What each step of a new job runs on: the account's routes over MODEL_ROUTES; a step not listed runs on `default_model`. */
  effective!: ModelRouteTableDto;
  /** The model of a step without routes (LLM_PROVIDER / LLM_MODEL), as provider:model. */
  default_model!: string;
  /** The provider:model entries (provider:* for any model) an account or a request may choose. */
  allowed!: string[];
  /** Whether a step falls back to its next route when a provider fails past its retries (MODEL_FALLBACK). */
  fallback!: boolean;
}
