import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccountsModule } from './accounts/accounts.module.js';
import { SharedConfigModule } from './config/config.module.js';
import type { EnvironmentVariables } from './config/environment.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { RedisModule } from './redis/redis.module.js';

/** Config, logging, database, Redis, queues and jobs: what both the API and the worker stand on. */
@Module({
  imports: [
    SharedConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        connection: { url: config.get('REDIS_URL', { infer: true }) },
        prefix: config.get('REDIS_PREFIX', { infer: true }),
      }),
    }),
    JobsModule,
    AccountsModule,
  ],
  exports: [JobsModule, RedisModule, AccountsModule],
})
export class SharedModule {}
