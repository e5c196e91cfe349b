import { databaseConfig } from './database.config.js';

describe('database config', () => {
  it('defaults to the local Postgres and converts the pool size', () => {
    expect(databaseConfig.from({})).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/scriptorium', poolMax: 10 });
    expect(databaseConfig.from({ DATABASE_POOL_MAX: '25' }).poolMax).toBe(25);
  });

  it('names a malformed URL or pool size', () => {
    expect(databaseConfig.problemsIn({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL must be a URL address']);
    expect(databaseConfig.problemsIn({ DATABASE_POOL_MAX: '0' })).toEqual(['DATABASE_POOL_MAX must not be less than 1']);
  });
});
