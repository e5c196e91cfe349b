import { Global, Module } from '@nestjs/common';
import { SharedConfigModule } from '../config/config.module.js';
import { redisConfig } from './redis.config.js';
import { RedisService } from './redis.service.js';

@Global()
@Module({ imports: [SharedConfigModule.forFeature(redisConfig)], providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
