import { MEDIA_URL_TTL_MAX_S, storageConfig } from './storage.config.js';

describe('storage config', () => {
  it('keeps files in ./storage and signs media URLs for an hour by default', () => {
    expect(storageConfig.from({})).toEqual({ driver: 'local', dir: './storage', mediaUrlTtlS: 3600, s3: undefined });
  });

  it('bounds MEDIA_URL_TTL_S to 60 s – 7 days', () => {
    expect(storageConfig.from({ MEDIA_URL_TTL_S: String(MEDIA_URL_TTL_MAX_S) }).mediaUrlTtlS).toBe(604_800);
    expect(storageConfig.problemsIn({ MEDIA_URL_TTL_S: '59' })).toEqual(['MEDIA_URL_TTL_S must not be less than 60']);
    expect(storageConfig.problemsIn({ MEDIA_URL_TTL_S: '604801', STORAGE_DIR: '' })).toEqual([
      'STORAGE_DIR must be longer than or equal to 1 characters',
      'MEDIA_URL_TTL_S must not be greater than 604800',
    ]);
  });
});
