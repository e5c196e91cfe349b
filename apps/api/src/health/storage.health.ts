import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type FileStorage, STORAGE } from '@app/ingestion';
import { withTimeout } from './with-timeout.js';

/** Uploads can be stored: the storage directory is writable, or the bucket answers. */
@Injectable()
export class StorageHealthIndicator {
  constructor(
    @Inject(STORAGE) private readonly storage: FileStorage,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'storage') {
    const check = this.indicator.check(key);
    try {
      await withTimeout(this.storage.probe());
      return check.up({ driver: this.storage.driver });
    } catch {
      return check.down({ driver: this.storage.driver, message: 'storage unreachable' });
    }
  }
}
