import { MikroORM } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule, IdempotencyModule, SharedConfigModule, SharedModule } from '@app/shared';
import { IngestionModule } from '@app/ingestion';
import { AiModule } from '@app/ai';
import { BillingModule } from '@app/billing';
import { WebhooksModule } from '@app/webhooks';
import { PublishingModule } from '@app/publishing';

export const MIGRATIONS_DIR = 'libs/shared/src/database/migrations';

/** Every lib module, so that every entity is in the comparison. */
@Module({ imports: [SharedConfigModule, DatabaseModule, SharedModule, IdempotencyModule, IngestionModule, AiModule, BillingModule, WebhooksModule, PublishingModule] })
class SchemaModule {}

/**
 * Writes a migration with the difference between the entities and a migrated database
 * (run it against an up-to-date development database), for review and commit.
 * Add the new class to migrations/index.ts.
 */
export async function dbMigrationCreate(name?: string): Promise<void> {
  const app = await NestFactory.createApplicationContext(SchemaModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const orm = app.get(MikroORM);
    orm.config.get('migrations').path = MIGRATIONS_DIR;
    orm.config.get('migrations').emit = 'ts';
    const result = await orm.migrator.create(MIGRATIONS_DIR, false, false, name);
    process.stdout.write(result.diff.up.length ? `wrote ${MIGRATIONS_DIR}/${result.fileName}\n` : 'no schema changes\n');
  } finally {
    await app.close();
  }
}
