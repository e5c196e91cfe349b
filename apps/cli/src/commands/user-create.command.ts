import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeysService, SCOPES, SharedModule, UsersService } from '@app/shared';

@Module({ imports: [SharedModule] })
class AccountsCliModule {}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * Creates the user (or finds it) and prints a new API key with every scope as the last line,
 * so a local start needs no GitHub app: `KEY=$(npm run -s cli -- user:create me | tail -1)`.
 */
export async function userCreate(login: string | undefined): Promise<void> {
  if (!login || !LOGIN.test(login)) {
    throw new Error('usage: npm run cli -- user:create <login>  (letters, digits and hyphens, at most 39)');
  }
  const app = await NestFactory.createApplicationContext(AccountsCliModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const { user, created } = await app.get(UsersService).findOrCreateByLogin(login);
    const { secret } = await app.get(ApiKeysService).create(user.id, 'cli', [...SCOPES]);
    process.stdout.write(`${created ? 'created' : 'found'} user ${user.login} (${user.id}); new API key with all scopes:\n${secret}\n`);
  } finally {
    await app.close();
  }
}
