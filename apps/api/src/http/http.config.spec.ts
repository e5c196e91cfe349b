import { validateConfig, appConfig } from '@app/shared';
import { httpConfig } from './http.config.js';

describe('http config', () => {
  it('has defaults that make a local start work', () => {
    expect(httpConfig.from({})).toEqual({ port: 3000, bodyLimitBytes: 2 * 1024 * 1024, rateLimit: { max: 300, windowS: 60 } });
  });

  it('converts whole numbers given as strings', () => {
    expect(httpConfig.from({ PORT: '8080', RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_S: '30' })).toMatchObject({ port: 8080, rateLimit: { max: 3, windowS: 30 } });
  });

  it('names a variable that is not a number', () => {
    expect(httpConfig.problemsIn({ PORT: 'abc' })).toEqual(['PORT must be an integer number']);
  });

  it('names a variable that is out of range', () => {
    expect(httpConfig.problemsIn({ PORT: '70000' })).toEqual(['PORT must not be greater than 65535']);
    expect(httpConfig.problemsIn({ BODY_LIMIT_BYTES: '10' })).toEqual(['BODY_LIMIT_BYTES must not be less than 1024']);
  });

  it('is listed with the other slices when several are bad', () => {
    expect(() => validateConfig([httpConfig, appConfig], { PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/PORT must be an integer number\n.*LOG_LEVEL must be one of/);
  });
});
