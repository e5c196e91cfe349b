import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

/** How a user's posts should sound: given to every step that writes when a request names it. */
@Entity({ tableName: 'brand_voices' })
@Index({ properties: ['userId', 'createdAt', 'id'] })
export class BrandVoice extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description: string & Opt = '';

  /** What the writing does ("short sentences", "address the reader as you"). */
  @Property({ type: 'text[]', fieldName: 'do_list' })
  doList: string[] & Opt = [];

  /** What it never does ("no exclamation marks", "no jargon"). */
  @Property({ type: 'text[]', fieldName: 'dont_list' })
  dontList: string[] & Opt = [];

  /** A passage written in this voice, shown to the model as an example of style. */
  @Property({ type: 'text', nullable: true })
  sampleText?: string | null;
}
