import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

export const SOURCE_TYPES = ['text', 'upload', 'youtube', 'drive'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const TRANSCRIPTION_STATUSES = ['not_needed', 'done', 'unavailable', 'failed'] as const;
export type TranscriptionStatus = (typeof TRANSCRIPTION_STATUSES)[number];

/** Everything a user brings, normalized: the one input the AI pipeline reads. */
@Entity({ tableName: 'documents' })
@Index({ properties: ['userId', 'createdAt', 'id'] })
@Index({ properties: ['userId', 'sourceType'] })
// One document per revision of a source: a second import of the same revision (a concurrent job) finds the first.
// Rows without a revision (pasted text, uploads, videos) are not constrained: NULLs are distinct.
@Unique({ properties: ['userId', 'sourceType', 'sourceRef', 'sourceRevision'] })
export class Document extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Enum({ items: () => [...SOURCE_TYPES], type: 'text' })
  sourceType!: SourceType;

  /** Where it came from: a file name, a video id, a Drive file id. */
  @Property({ type: 'text', nullable: true })
  sourceRef?: string | null;

  /** Which version of the source this is, when the source has versions (a Drive file's `md5:<checksum>` or `modified:<time>`). */
  @Property({ type: 'text', nullable: true })
  sourceRevision?: string | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  rawText!: string;

  @Property({ type: 'text', nullable: true })
  lang?: string | null;

  @Property({ type: 'double', nullable: true })
  durationS?: number | null;

  /** ids of the media rows (original file, images) this document came with. */
  @Property({ type: 'jsonb' })
  mediaRefs: string[] & Opt = [];

  @Enum({ items: () => [...TRANSCRIPTION_STATUSES], type: 'text' })
  transcriptionStatus: TranscriptionStatus & Opt = 'not_needed';

  @Property({ type: 'integer' })
  version: number & Opt = 1;

  /** Extractor facts (pages, encoding, transcript segments, original name and mime …). */
  @Property({ type: 'jsonb' })
  metadata: Record<string, unknown> & Opt = {};
}
