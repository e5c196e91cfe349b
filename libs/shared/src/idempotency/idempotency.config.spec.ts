import { idempotencyConfig } from './idempotency.config.js';

describe('idempotency config', () => {
  it('remembers keys 48 hours and leases running ones 30 seconds unless told otherwise', () => {
    expect(idempotencyConfig.from({})).toEqual({ ttlHours: 48, leaseSeconds: 30 });
    expect(idempotencyConfig.from({ IDEMPOTENCY_TTL_HOURS: '1', IDEMPOTENCY_LEASE_S: '5' })).toEqual({ ttlHours: 1, leaseSeconds: 5 });
    expect(idempotencyConfig.problemsIn({ IDEMPOTENCY_TTL_HOURS: '0' })).toEqual(['IDEMPOTENCY_TTL_HOURS must not be less than 1']);
    expect(idempotencyConfig.problemsIn({ IDEMPOTENCY_LEASE_S: '1' })).toEqual(['IDEMPOTENCY_LEASE_S must not be less than 2']);
  });
});
