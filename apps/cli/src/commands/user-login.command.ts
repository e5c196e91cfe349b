import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { appConfig, LoginLinksService, SharedModule, UsersService } from '@app/shared';

@Module({ imports: [SharedModule] })
class LoginLinkCliModule {}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * Creates the user (or finds it) and prints a one-time login link to the dashboard as the last
 * line: open it in a browser to sign in without a GitHub app. It works once, for LOGIN_LINK_TTL_S.
 */
export async function userLogin(login: string | undefined): Promise<void> {
  if (!login || !LOGIN.test(login)) {
    throw new Error('usage: npm run cli -- user:login <login>  (letters, digits and hyphens, at most 39)');
  }
  const app = await NestFactory.createApplicationContext(LoginLinkCliModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const { user, created } = await app.get(UsersService).findOrCreateByLogin(login);
    const links = app.get(LoginLinksService);
    const token = await links.create(user.id);
    const base = app.get<ConfigType<typeof appConfig>>(appConfig.KEY).publicUrl.replace(/\/+$/, '');
    const minutes = Math.max(1, Math.round(links.ttlS / 60));
    process.stdout.write(
      `${created ? 'created' : 'found'} user ${user.login} (${user.id}); open this link within ${minutes} min to sign in (it works once):\n${base}/auth/link?token=${token}\n`,
    );
  } finally {
    await app.close();
  }
}
