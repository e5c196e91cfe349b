import { idempotencyConfig } from './idempotency.config.js';

describe('idempotency config', () => {
  it('remembers keys 48 hours unless told otherwise', () => {
    expect(idempotencyConfig.from({})).toEqual({ ttlHours: 48 });
    expect(idempotencyConfig.from({ IDEMPOTENCY_TTL_HOURS: '1' })).toEqual({ ttlHours: 1 });
    expect(idempotencyConfig.problemsIn({ IDEMPOTENCY_TTL_HOURS: '0' })).toEqual(['IDEMPOTENCY_TTL_HOURS must not be less than 1']);
  });
});
