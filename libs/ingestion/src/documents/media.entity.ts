import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';
import { Document } from './document.entity.js';

export interface MediaVariant {
  format: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  key: string;
}

/** A stored file: an upload's original, or an image with its optimized variants. */
@Entity({ tableName: 'media' })
@Index({ properties: ['userId', 'createdAt'] })
// One image per revision of an imported file (see Document); uploaded and generated media have no source and are not constrained.
@Unique({ properties: ['userId', 'sourceType', 'sourceRef', 'sourceRevision'] })
export class Media extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @ManyToOne(() => Document, { mapToPk: true, fieldName: 'document_id', nullable: true, deleteRule: 'cascade' })
  documentId?: string | null;

  @Property({ type: 'text' })
  storageKey!: string;

  @Property({ type: 'text' })
  mime!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  bytes!: number;

  @Property({ type: 'integer', nullable: true })
  width?: number | null;

  @Property({ type: 'integer', nullable: true })
  height?: number | null;

  @Property({ type: 'jsonb' })
  variants: MediaVariant[] & Opt = [];

  /** The name the user gave the file: shown and matched against, never used as a storage path. */
  @Property({ type: 'text', nullable: true })
  originalName?: string | null;

  @Property({ type: 'text', nullable: true })
  altText?: string | null;

  /** For a generated image, the job step that generated it (`<job id>:<step>`): a resumed job finds it instead of generating again. */
  @Property({ type: 'text', nullable: true, unique: true })
  generationKey?: string | null;

  /** For an imported image, where it came from (`drive`) … */
  @Property({ type: 'text', nullable: true })
  sourceType?: string | null;

  /** … which file there (the Drive file id) … */
  @Property({ type: 'text', nullable: true })
  sourceRef?: string | null;

  /** … and which version of it (`md5:<checksum>` or `modified:<time>`): an unchanged file is not imported again. */
  @Property({ type: 'text', nullable: true })
  sourceRevision?: string | null;
}
