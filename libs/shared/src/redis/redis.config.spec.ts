import { redisConfig } from './redis.config.js';

describe('redis config', () => {
  it('defaults to the local Redis', () => {
    expect(redisConfig.from({})).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'scriptorium' });
    expect(redisConfig.from({ REDIS_URL: 'rediss://cache.example.com:6380', REDIS_PREFIX: 'blog' })).toEqual({ url: 'rediss://cache.example.com:6380', prefix: 'blog' });
  });

  it('names a malformed URL', () => {
    expect(redisConfig.problemsIn({ REDIS_URL: 'not a url' })).toEqual(['REDIS_URL must be a URL address']);
  });
});
