import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { EnvironmentVariables } from '../config/environment.schema.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * MikroORM on PostgreSQL. Entities come from each lib's `MikroOrmModule.forFeature`
 * (autoLoadEntities). Migrations are listed in code and run only by `npm run db:migrate`.
 */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      driver: PostgreSqlDriver,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        driver: PostgreSqlDriver,
        clientUrl: config.get('DATABASE_URL', { infer: true }),
        pool: { max: config.get('DATABASE_POOL_MAX', { infer: true }) },
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
