import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { User } from './user.entity.js';
import { ApiKeyCache } from './api-key-cache.js';

export interface GithubIdentity {
  githubId: string;
  login: string;
  email?: string | null;
  name?: string | null;
  avatarUrl?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly apiKeyCache: ApiKeyCache,
  ) {}

  /**
   * A GitHub login: the user with this GitHub id is updated (login, email, name, avatar may have
   * changed); a first login claims a CLI-created user of the same login, else creates one.
   */
  async upsertFromGithub(identity: GithubIdentity): Promise<User> {
    const em = this.em.fork();
    const changed: string[] = [];
    const updated = await em.transactional(async (tx) => {
      const user =
        (await tx.findOne(User, { githubId: identity.githubId })) ??
        (await tx.findOne(User, { login: identity.login, githubId: null })) ??
        tx.create(User, { login: identity.login });
      // A different account may have held this login before being renamed on GitHub.
      const holder = await tx.findOne(User, { login: identity.login, id: { $ne: user.id } });
      if (holder) {
        holder.login = `${holder.login}~${holder.id.slice(0, 8)}`;
        changed.push(holder.id);
      }
      tx.assign(user, {
        githubId: identity.githubId,
        login: identity.login,
        email: identity.email ?? null,
        name: identity.name ?? null,
        avatarUrl: identity.avatarUrl ?? null,
      });
      return user;
    });
    // Requests authenticated by API key carry the user from the key cache: drop the old profile.
    for (const id of [updated.id, ...changed]) await this.apiKeyCache.invalidateUser(id);
    return updated;
  }

  async findOrCreateByLogin(login: string): Promise<{ user: User; created: boolean }> {
    const em = this.em.fork();
    const existing = await em.findOne(User, { login });
    if (existing) return { user: existing, created: false };
    const user = em.create(User, { login });
    await em.flush();
    return { user, created: true };
  }

  async findById(id: string): Promise<User | null> {
    return this.em.fork().findOne(User, id);
  }
}
