import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisService } from '@app/shared';
import { withTimeout } from './with-timeout.js';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'redis') {
    const check = this.indicator.check(key);
    try {
      await withTimeout(this.redis.client.ping());
      return check.up();
    } catch {
      return check.down({ message: 'redis unreachable' });
    }
  }
}
