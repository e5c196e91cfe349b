import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SharedConfigModule } from '../config/config.module.js';
import { idempotencyConfig } from './idempotency.config.js';
import { IdempotencyRecordsRepository } from './idempotency-records.repository.js';
import { IdempotencyService } from './idempotency.service.js';
import { StepInvocation } from './step-invocation.entity.js';

@Module({
  imports: [SharedConfigModule.forFeature(idempotencyConfig), MikroOrmModule.forFeature([StepInvocation])],
  providers: [IdempotencyRecordsRepository, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
