import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity.js';
import type { Scope } from './scopes.js';
import { User } from './user.entity.js';

/** An API key: only its SHA-256 is stored; the secret is shown once, at creation. */
@Entity({ tableName: 'api_keys' })
@Index({ properties: ['user', 'createdAt'] })
export class ApiKey extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'text' })
  name!: string;

  /** The first characters of the key, for telling keys apart in lists. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'text', unique: true })
  secretHash!: string;

  @Property({ type: 'text[]' })
  scopes: Scope[] & Opt = [];

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
