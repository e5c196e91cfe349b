import { BigIntType } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity.js';

@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  /** GitHub's numeric user id; null for users created by the CLI before they ever log in. */
  @Property({ type: new BigIntType('string'), nullable: true })
  @Unique()
  githubId?: string | null;

  @Property({ type: 'text' })
  @Unique()
  login!: string;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  name?: string | null;

  @Property({ type: 'text', nullable: true })
  avatarUrl?: string | null;

  /** The account's own models per step ({"outline": ["provider:model", …]}), over MODEL_ROUTES; null: none. */
  @Property({ type: 'jsonb', nullable: true })
  modelRoutes?: Record<string, string[]> | null;
  /** Since when the user lets their posts be exported as training data (PUT /me/training-consent); null: not. */
  @Property({ type: 'timestamptz', nullable: true })
  trainingConsentAt?: Date | null;
}
