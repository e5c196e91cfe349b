import { isBackendOutage } from './backend-outage.js';

describe('isBackendOutage', () => {
  it('recognises unreachable Redis and PostgreSQL, also as a cause', () => {
    expect(isBackendOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isBackendOutage(Object.assign(new Error('Reached the max retries per request limit (which is 20).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isBackendOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isBackendOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isBackendOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isBackendOutage(new Error('wrapped', { cause: new Error('Connection is closed.') }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isBackendOutage(new Error('boom'))).toBe(false);
    expect(isBackendOutage(Object.assign(new Error('null value in column'), { code: '23502' }))).toBe(false);
    expect(isBackendOutage('ECONNREFUSED')).toBe(false);
    expect(isBackendOutage(null)).toBe(false);
  });
});
