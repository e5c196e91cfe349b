import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { SharedConfigModule } from '../config/config.module.js';
import { databaseConfig } from './database.config.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * MikroORM on PostgreSQL. Entities come from each lib's `MikroOrmModule.forFeature`
 * (autoLoadEntities). Migrations are listed in code and run only by `npm run db:migrate`.
 */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      driver: PostgreSqlDriver,
      imports: [SharedConfigModule.forFeature(databaseConfig)],
      inject: [databaseConfig.KEY],
      useFactory: (database: ConfigType<typeof databaseConfig>) => ({
        driver: PostgreSqlDriver,
        clientUrl: database.url,
        pool: { max: database.poolMax },
        autoLoadEntities: true,
        discovery: { warnWhenNoEntities: false },
        forceUtcTimezone: true,
        extensions: [Migrator],
        migrations: {
          migrationsList: MIGRATIONS,
          snapshot: false,
          transactional: true,
          allOrNothing: true,
          silent: true,
        },
        debug: false,
        allowGlobalContext: false,
      }),
    }),
  ],
})
export class DatabaseModule {}
