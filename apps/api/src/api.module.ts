import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemDetailsFilter, SharedModule } from '@app/shared';
import { HealthModule } from './health/health.module.js';

@Module({
  imports: [SharedModule, HealthModule],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class ApiModule {}
