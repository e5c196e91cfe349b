import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { withTimeout } from './with-timeout.js';

/** `select 1` on the pool (terminus' MikroORM check reports a lazily connected pool as down). */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly em: EntityManager,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'database') {
    const check = this.indicator.check(key);
    try {
      await withTimeout(this.em.getConnection().execute('select 1'));
      return check.up();
    } catch {
      return check.down({ message: 'database unreachable' });
    }
  }
}
