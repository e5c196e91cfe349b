import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '@app/shared';
import { TRAINING_FORMATS, type TrainingFormat } from '@app/ai';

export class TrainingConsentBodyDto {
  /** true: the account's posts made from now on may be exported as training data; false: not, and existing exports are deleted. */
  @IsDefined()
  @IsBoolean()
  consent!: boolean;
}

export class TrainingConsentDto {
  consent!: boolean;
  /** When consent was given (posts made since then are exported); null while off. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  consented_at!: string | null;
  /** Exports deleted by this change (revoking deletes them all). */
  exports_deleted!: number;
}

export class CreateTrainingExportDto {
  /**
   * `records` (default): one JSON object per post with `source`, `outline`, `chapters`, `post`,
   * `model` and `usage` per step; `chat`: the chat fine-tuning format (`messages`: system, the
   * source as the user's message, the post as the assistant's).
   */
  @ApiProperty({ enum: TRAINING_FORMATS, required: false, default: 'records' })
  @IsOptionalNotNull()
  @IsIn(TRAINING_FORMATS)
  format?: TrainingFormat;

  /** Names (people, clients, places) to replace with `[NAME]`, besides emails, phones, keys, card numbers and URLs with credentials. */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(100, { each: true })
  redact_names?: string[];
}
