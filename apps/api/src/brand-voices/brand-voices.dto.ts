import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOptionalOrNull, PageQueryDto } from '@app/shared';
import type { BrandVoice } from '@app/ai';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 1_000;
const RULES_MAX = 20;
const RULE_MAX = 200;
const SAMPLE_MAX = 5_000;

/** Present means not null: a field that cannot be cleared answers 400 for null, naming it. */
const Given = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class CreateBrandVoiceDto {
  /** What the voice is called ("Acme docs", "Founder's blog"). */
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name!: string;

  /** How the writing should sound, in a sentence or two. */
  @Given()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  /** What the writing does ("short sentences", "address the reader as you"). */
  @Given()
  @IsArray()
  @ArrayMaxSize(RULES_MAX)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(RULE_MAX, { each: true })
  do?: string[];

  /** What it never does ("no exclamation marks", "no jargon"). */
  @Given()
  @IsArray()
  @ArrayMaxSize(RULES_MAX)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(RULE_MAX, { each: true })
  dont?: string[];

  /** A passage written in this voice, shown to the model as an example of style (its first 1,200 characters); null: none. */
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: SAMPLE_MAX })
  @IsOptionalOrNull()
  @IsString()
  @MaxLength(SAMPLE_MAX)
  sample_text?: string | null;
}

/** Each field given replaces the stored one; `sample_text: null` clears the sample. */
export class UpdateBrandVoiceDto {
  @Given()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name?: string;

  @Given()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @Given()
  @IsArray()
  @ArrayMaxSize(RULES_MAX)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(RULE_MAX, { each: true })
  do?: string[];

  @Given()
  @IsArray()
  @ArrayMaxSize(RULES_MAX)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(RULE_MAX, { each: true })
  dont?: string[];

  @ApiProperty({ type: String, nullable: true, required: false, maxLength: SAMPLE_MAX })
  @IsOptionalOrNull()
  @IsString()
  @MaxLength(SAMPLE_MAX)
  sample_text?: string | null;
}

export class BrandVoiceListQueryDto extends PageQueryDto {}

export class BrandVoiceDto {
  id!: string;
  name!: string;
  description!: string;
  do!: string[];
  dont!: string[];
  sample_text!: string | null;
  created_at!: string;
  updated_at!: string;

  static from(voice: BrandVoice): BrandVoiceDto {
    return {
      id: voice.id,
      name: voice.name,
      description: voice.description,
      do: voice.doList,
      dont: voice.dontList,
      sample_text: voice.sampleText ?? null,
      created_at: voice.createdAt.toISOString(),
      updated_at: voice.updatedAt.toISOString(),
    };
  }
}

export class BrandVoiceListDto {
  items!: BrandVoiceDto[];
  next_cursor!: string | null;
}
