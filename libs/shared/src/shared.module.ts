import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AccountsModule } from './accounts/accounts.module.js';
import { SharedConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { redisConfig } from './redis/redis.config.js';
import { RedisModule } from './redis/redis.module.js';

/** Config, logging, database, Redis, queues and jobs: what both the API and the worker stand on. */
@Module({
  imports: [
    SharedConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    BullModule.forRootAsync({
      imports: [SharedConfigModule.forFeature(redisConfig)],
      inject: [redisConfig.KEY],
      useFactory: (redis: ConfigType<typeof redisConfig>) => ({ connection: { url: redis.url }, prefix: redis.prefix }),
    }),
    JobsModule,
    AccountsModule,
  ],
  exports: [JobsModule, RedisModule, AccountsModule],
})
export class SharedModule {}
