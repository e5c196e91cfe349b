import { type Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

export const INTEGRATION_PROVIDERS = ['google'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

/**
 * A user's grant to an outside service (today: Google Drive). Tokens are stored only encrypted
 * with TokenCipher, bound to the owner's user id, and never leave the server.
 */
@Entity({ tableName: 'integrations' })
@Unique({ properties: ['userId', 'provider'] })
export class Integration extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  provider!: IntegrationProvider;

  @Property({ type: 'text' })
  encryptedRefreshToken!: string;

  @Property({ type: 'text', nullable: true })
  encryptedAccessToken?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  accessTokenExpiresAt?: Date | null;

  @Property({ type: 'text[]' })
  scopes: string[] & Opt = [];

  @Property({ type: 'text', nullable: true })
  accountEmail?: string | null;
}
