import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

export const PUBLISH_TARGET_KINDS = ['wordpress', 'ghost'] as const;
export type PublishTargetKind = (typeof PUBLISH_TARGET_KINDS)[number];

/**
 * A blog a user publishes posts to: a WordPress site (REST API, application password) or a Ghost
 * site (Admin API key). Its credentials are stored encrypted (TokenCipher, bound to the target's
 * id) and never answered; `credential_hint` is what the owner sees to recognise them.
 */
@Entity({ tableName: 'publish_targets' })
@Index({ properties: ['userId', 'createdAt', 'id'] })
export class PublishTarget extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  kind!: PublishTargetKind;

  /** A name to recognise it by. */
  @Property({ type: 'text' })
  name!: string;

  /** The site's root URL (no trailing slash), e.g. https://blog.example.com. */
  @Property({ type: 'text' })
  baseUrl!: string;

  /** WordPress: `{"username","application_password"}`; Ghost: `{"admin_api_key"}`, as JSON, encrypted. */
  @Property({ type: 'text' })
  encryptedCredentials!: string;

  /** The masked username (WordPress) or admin key id (Ghost). */
  @Property({ type: 'text' })
  credentialHint!: string;
}
