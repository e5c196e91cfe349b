import { MikroORM } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule, SharedConfigModule } from '@app/shared';

@Module({ imports: [SharedConfigModule, DatabaseModule] })
class MigrationModule {}

/** Applies every pending migration in one transaction and prints what ran. */
export async function dbMigrate(): Promise<void> {
  const app = await NestFactory.createApplicationContext(MigrationModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const orm = app.get(MikroORM);
    const applied = await orm.migrator.up();
    const names = applied.map((migration) => migration.name);
    process.stdout.write(names.length ? `applied ${names.length} migration(s): ${names.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await app.close();
  }
}
