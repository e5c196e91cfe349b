import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { ApiKeysService, SCOPES, type Scope, type User, UsersService } from '@app/shared';

export interface SeededUser {
  user: User;
  apiKey: string;
  /** Headers that authenticate as this user. */
  auth: { Authorization: string };
}

/** A new user with an API key (every scope unless told otherwise): one tenant per test. */
export async function seedUser(app: INestApplicationContext, scopes: readonly Scope[] = SCOPES): Promise<SeededUser> {
  const { user } = await app.get(UsersService).findOrCreateByLogin(`user-${randomBytes(5).toString('hex')}`);
  const { secret } = await app.get(ApiKeysService).create(user.id, 'test', [...scopes]);
  return { user, apiKey: secret, auth: { Authorization: `Bearer ${secret}` } };
}
