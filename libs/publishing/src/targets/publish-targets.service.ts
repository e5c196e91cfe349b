import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { afterCursor, DomainError, toPage, TokenCipher, TokenDecryptionError } from '@app/shared';
import { GHOST_ADMIN_KEY_PATTERN } from '../blogs/ghost-admin-token.js';
import type { WordPressCredentials } from '../blogs/wordpress.client.js';
import { PUBLISH_TARGET_POLICY, type TargetPolicy } from './target-policy.js';
import { PublishTarget, type PublishTargetKind } from './publish-target.entity.js';

/** Targets one user may have. */
export const MAX_TARGETS_PER_USER = 20;

export type NewPublishTarget =
  | { kind: 'wordpress'; name?: string | null; url: string; username: string; applicationPassword: string }
  | { kind: 'ghost'; name?: string | null; url: string; adminApiKey: string };

/** A target's credentials, decrypted for one publish. */
export type TargetCredentials =
  | { kind: 'wordpress'; wordpress: WordPressCredentials }
  | { kind: 'ghost'; adminApiKey: string };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A user's publishing targets (WordPress and Ghost sites). Credentials are encrypted with the
 * token key (TokenCipher, bound to the target id) and leave this service only decrypted for a
 * publish; every query is scoped to the user (another's id is 404).
 */
@Injectable()
export class PublishTargetsService {
  private readonly logger = new Logger(PublishTargetsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly cipher: TokenCipher,
    @Inject(PUBLISH_TARGET_POLICY) private readonly policy: TargetPolicy,
  ) {}

  async create(userId: string, input: NewPublishTarget): Promise<PublishTarget> {
    const url = await this.policy.check(input.url);
    if (url.search || url.hash) throw DomainError.badField('url', 'must be the site\'s root URL, without a query or fragment');
    if (input.kind === 'ghost' && !GHOST_ADMIN_KEY_PATTERN.test(input.adminApiKey)) {
      throw DomainError.badField('admin_api_key', 'must be a Ghost Admin API key: <24 hex id>:<64 hex secret>');
    }
    const em = this.em.fork();
    if ((await em.count(PublishTarget, { userId })) >= MAX_TARGETS_PER_USER) {
      throw new DomainError('publish_target_limit', `an account has at most ${MAX_TARGETS_PER_USER} publishing targets; delete one first`);
    }
    const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    const secret = input.kind === 'wordpress' ? { username: input.username, application_password: input.applicationPassword } : { admin_api_key: input.adminApiKey };
    const hint = input.kind === 'wordpress' ? mask(input.username) : mask(input.adminApiKey.split(':')[0]!);
    const target = em.create(PublishTarget, { userId, kind: input.kind, name: input.name ?? url.host, baseUrl, encryptedCredentials: '', credentialHint: hint });
    target.encryptedCredentials = this.cipher.encrypt(JSON.stringify(secret), credentialsContext(target));
    await em.flush();
    this.logger.log({ msg: 'publish target created', target_id: target.id, kind: target.kind });
    return target;
  }

  async list(userId: string, page: { cursor?: string; limit: number }): Promise<Page<PublishTarget>> {
    const rows = await this.em
      .fork()
      .find(PublishTarget, { userId, ...afterCursor(page.cursor) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit);
  }

  async get(userId: string, id: string): Promise<PublishTarget> {
    const target = await this.em.fork().findOne(PublishTarget, { id, userId });
    if (!target) throw targetNotFound(id);
    return target;
  }

  /** Deletes the target; what was published through it stays on the blog (its records here go). */
  async delete(userId: string, id: string): Promise<void> {
    const deleted = await this.em.fork().nativeDelete(PublishTarget, { id, userId });
    if (deleted === 0) throw targetNotFound(id);
    this.logger.log({ msg: 'publish target deleted', target_id: id });
  }

  /** The target's credentials, decrypted; `publish_unauthorized` when they cannot be (APP_SECRET changed). */
  credentialsOf(target: PublishTarget): TargetCredentials {
    let plain: Record<string, string>;
    try {
      plain = JSON.parse(this.cipher.decrypt(target.encryptedCredentials, credentialsContext(target))) as Record<string, string>;
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      throw new DomainError('publish_unauthorized', 'the target\'s stored credentials cannot be decrypted (APP_SECRET changed?); add the target again');
    }
    return target.kind === 'wordpress'
      ? { kind: 'wordpress', wordpress: { username: plain.username ?? '', applicationPassword: plain.application_password ?? '' } }
      : { kind: 'ghost', adminApiKey: plain.admin_api_key ?? '' };
  }
}

/** The encryption context of a target's credentials: its owner and id (a copied value does not decrypt elsewhere). */
function credentialsContext(target: { userId: string; id: string; kind: PublishTargetKind }): string {
  return `publish-target:${target.userId}:${target.id}:${target.kind}`;
}

/** The first two characters and the length hidden: `ad•••`. */
export function mask(value: string): string {
  return `${value.slice(0, Math.min(2, Math.max(0, value.length - 2)))}•••`;
}

export function targetNotFound(id: string): DomainError {
  return new DomainError('publish_target_not_found', `no publishing target ${id}`);
}
