import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { Public } from '../auth/public.decorator.js';
import { RedisHealthIndicator } from './redis.health.js';
import { StorageHealthIndicator } from './storage.health.js';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly storage: StorageHealthIndicator,
  ) {}

  /** The process is up. */
  @Get('healthz')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL, Redis and file storage (its directory or bucket) are reachable; 503 otherwise. */
  @Get('readyz')
  @ApiResponse({ status: 200, description: 'every dependency is up' })
  @ApiResponse({ status: 503, description: 'a dependency is down; the body names it' })
  async readiness(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.isHealthy('database'),
        () => this.redis.isHealthy('redis'),
        () => this.storage.isHealthy('storage'),
      ]);
    } catch (error) {
      // The check result names only which dependency is down, so it is shown, not masked like other 5xx.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
