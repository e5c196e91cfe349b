import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@app/shared';
import { ACCOUNT_CURRENCY, minorUnitsToMicros } from '@app/billing';

/** Largest max_cost accepted: $1,000,000 in cents. */
export const MAX_COST_LIMIT = 100_000_000;

const ROUTE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}:\S.*$/;
const ROUTE_MESSAGE = (field: string) => `options.models.${field} must look like provider:model (e.g. workers-ai:@cf/meta/llama-3.1-8b-instruct)`;

/**
 * The provider and model a step runs on for this job (`provider:model`), first before the step's
 * configured routes. Only what MODEL_ALLOW_LIST (or the configured routes) allows: else 422
 * `model_not_allowed` naming the field.
 */
export class ModelChoicesDto {
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ROUTE_PATTERN, { message: ROUTE_MESSAGE('outline') })
  outline?: string;

  /** Chapters, their rewrites, the introduction and conclusion. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ROUTE_PATTERN, { message: ROUTE_MESSAGE('chapters') })
  chapters?: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ROUTE_PATTERN, { message: ROUTE_MESSAGE('seo') })
  seo?: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ROUTE_PATTERN, { message: ROUTE_MESSAGE('images_plan') })
  images_plan?: string;

  /** blog.compose when it drafts the post itself. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ROUTE_PATTERN, { message: ROUTE_MESSAGE('compose') })
  compose?: string;

  /** Image generation. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ROUTE_PATTERN, { message: ROUTE_MESSAGE('images') })
  images?: string;
}

/** What any job may be told about money. */
export class JobCostOptionsDto {
  /** Which provider:model serves a step of this job (see the README's "Model routing"). */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ModelChoicesDto)
  models?: ModelChoicesDto;

  /**
   * The most this job may cost, in the account currency's minor units (USD cents: 150 = $1.50;
   * internally 1 cent = 10,000 micro-USD). Before each paid call the worker adds what the job was
   * billed so far and the most that call may cost; a call that would pass the cap is not made and
   * the job ends `failed` with `spending_cap_reached`.
   */
  @ValidateIf((options: JobCostOptionsDto) => options.max_cost !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_COST_LIMIT)
  max_cost?: number;
}

/** The body fields of a request that may be a quote instead of a launch. */
export class DryRunDto {
  /** Answer 200 with what the job would cost (per step and in total) instead of starting it; same as `Prefer: return=estimate`. No job, no usage, no charge. */
  @IsOptionalNotNull()
  @IsBoolean()
  dry_run?: boolean;
}

export class StepEstimateDto {
  /** The job step (outline, seo, chapter_1 …, image_1 …). */
  step!: string;
  @ApiProperty({ enum: ['llm', 'image'] })
  kind!: 'llm' | 'image';
  model!: string;
  /** The provider that would serve the step first (openai, workers-ai, ollama … or extractive): its prices apply. */
  provider!: string;
  engine!: string;
  calls!: number;
  /** Counted over the exact prompts the job would send (4 characters per token). */
  tokens_in!: number;
  /** Expected from what the step is asked to write (the length option). */
  tokens_out!: number;
  images!: number;
  /** From the price table, in micro-USD. */
  cost_micros!: number;
}

export class QuoteTotalDto {
  calls!: number;
  tokens_in!: number;
  tokens_out!: number;
  images!: number;
  /** micro-USD. */
  cost_micros!: number;
  /** In the currency's minor units (cents), rounded up: comparable to max_cost. */
  cost!: number;
}

/** A price quote (`dry_run: true` or `Prefer: return=estimate`): what the job would cost; nothing was started. */
export class QuoteDto {
  @ApiProperty({ enum: [true] })
  dry_run!: true;
  /** The job type quoted. */
  type!: string;
  @ApiProperty({ enum: [ACCOUNT_CURRENCY] })
  currency!: typeof ACCOUNT_CURRENCY;
  steps!: StepEstimateDto[];
  total!: QuoteTotalDto;
  /** The max_cost given (minor units), if any. */
  @ApiProperty({ type: Number, nullable: true })
  max_cost!: number | null;
  /** Whether the estimate stays within max_cost; null without one. */
  @ApiProperty({ type: Boolean, nullable: true })
  within_max_cost!: boolean | null;
  /** What the estimate had to assume. */
  notes!: string[];
}

/** `Prefer: return=estimate` (RFC 7240 style) asks for a quote. */
export function prefersEstimate(prefer: string | undefined): boolean {
  return /(?:^|[,;\s])return=estimate(?:$|[,;\s])/.test(prefer ?? '');
}

/** options.max_cost in micro-USD (null when not given). */
export function maxCostMicrosOf(options: JobCostOptionsDto | undefined): number | null {
  return options?.max_cost === undefined ? null : minorUnitsToMicros(options.max_cost);
}

/**
 * A request body as the job's input: without `dry_run` and `options.max_cost` (the cap lives on the
 * job row, never in a prompt), and without an `options` left empty by that.
 */
export function jobInputOf(body: object): Record<string, unknown> {
  const { dry_run: _dryRun, ...input } = body as Record<string, unknown> & { dry_run?: unknown };
  const options = input.options as Record<string, unknown> | undefined;
  if (options && typeof options === 'object' && 'max_cost' in options) {
    const { max_cost: _maxCost, ...rest } = options;
    if (Object.keys(rest).length > 0) input.options = rest;
    else delete input.options;
  }
  return input;
}
