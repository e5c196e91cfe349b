import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service.js';
import { StepInvocation } from './step-invocation.entity.js';

@Module({
  imports: [MikroOrmModule.forFeature([StepInvocation])],
  providers: [IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
