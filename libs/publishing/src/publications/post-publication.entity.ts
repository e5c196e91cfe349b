import { type Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';
import { Post } from '@app/ai';
import { PublishTarget } from '../targets/publish-target.entity.js';

/** An image already on the blog: which file of ours became which remote media. */
export interface RemoteImage {
  /** The remote media id (WordPress); null where the blog has none (Ghost). */
  id: string | null;
  url: string;
}

/**
 * A post as it is on one blog: the remote post's id (so publishing again updates it, never
 * duplicates it), its URL and status, and the images already uploaded (by media id and variant).
 */
@Entity({ tableName: 'post_publications' })
@Unique({ properties: ['postId', 'targetId'] })
export class PostPublication extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @ManyToOne(() => Post, { mapToPk: true, fieldName: 'post_id', deleteRule: 'cascade' })
  postId!: string;

  @ManyToOne(() => PublishTarget, { mapToPk: true, fieldName: 'target_id', deleteRule: 'cascade' })
  targetId!: string;

  @Property({ type: 'text' })
  remoteId!: string;

  @Property({ type: 'text', nullable: true })
  remoteUrl?: string | null;

  /** The remote status as the blog answered it (draft, publish, future; Ghost: draft, published, scheduled). */
  @Property({ type: 'text' })
  remoteStatus!: string;

  /** The post version last sent. */
  @Property({ type: 'integer' })
  postVersion!: number;

  @Property({ type: 'jsonb' })
  remoteImages: Record<string, RemoteImage> & Opt = {};

  /** The job that published it last. */
  @Property({ type: 'uuid', nullable: true })
  jobId?: string | null;

  @Property({ type: 'timestamptz' })
  publishedAt!: Date;
}
