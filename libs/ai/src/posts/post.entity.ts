import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';
import { Document } from '@app/ingestion';
import { type PostCitations } from '../writing/post-citations.js';

/** A chapter as the post keeps it: its heading and Markdown body. */
export interface PostChapter {
  heading: string;
  markdown: string;
}

/**
 * A finished blog post, at its current version. Every edit writes a new version; the ones
 * before stay readable in post_versions.
 */
@Entity({ tableName: 'posts' })
@Index({ properties: ['userId', 'createdAt', 'id'] })
@Unique({ properties: ['userId', 'slug'] })
export class Post extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  /** The document it was written from; kept when that document is deleted. */
  @ManyToOne(() => Document, { mapToPk: true, fieldName: 'document_id', nullable: true, deleteRule: 'set null' })
  documentId?: string | null;

  /** The generate_blog job that wrote it; one post per job, however often its persist step runs. */
  @Property({ type: 'uuid', nullable: true })
  @Unique()
  jobId?: string | null;

  @Property({ type: 'text' })
  title!: string;

  /** URL-safe, unique per user. */
  @Property({ type: 'text' })
  slug!: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text[]' })
  keywords: string[] & Opt = [];

  @Property({ type: 'text' })
  markdown!: string;

  /** Sanitized HTML of the Markdown. */
  @Property({ type: 'text' })
  html!: string;

  @Property({ type: 'jsonb' })
  chapters: PostChapter[] & Opt = [];

  /** The image plan (prompt, alt text, placement per chapter), when asked for. */
  @Property({ type: 'jsonb' })
  images: Record<string, unknown>[] & Opt = [];

  /** What the pipeline measured (word count, reading minutes, engine, length note, warnings, quality …). */
  @Property({ type: 'jsonb' })
  meta: Record<string, unknown> & Opt = {};

  /** The language it is written in (ISO 639-1 when known). */
  @Property({ type: 'text', nullable: true })
  language?: string | null;

  /** The introduction and the conclusion as generated (Markdown; the conclusion without its heading). */
  @Property({ type: 'text' })
  introduction: string & Opt = '';

  @Property({ type: 'text' })
  conclusion: string & Opt = '';

  /** Each generated paragraph's source spans (offsets, seconds or pages), found again in the Markdown by their text. */
  @Property({ type: 'jsonb', nullable: true })
  citations?: PostCitations | null;

  @Property({ type: 'integer' })
  version: number & Opt = 1;
}

/** An earlier version of a post, as it was before an edit. */
@Entity({ tableName: 'post_versions' })
@Unique({ properties: ['post', 'version'] })
export class PostVersion extends BaseEntity {
  @ManyToOne(() => Post, { fieldName: 'post_id', deleteRule: 'cascade' })
  post!: Post;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text[]' })
  keywords: string[] & Opt = [];

  @Property({ type: 'text' })
  markdown!: string;

  @Property({ type: 'text' })
  html!: string;
}
