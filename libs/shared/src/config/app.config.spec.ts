import { appConfig, DEVELOPMENT_APP_SECRET } from './app.config.js';

describe('app config', () => {
  it('has defaults that make a local start work', () => {
    expect(appConfig.from({})).toEqual({ nodeEnv: 'development', logLevel: 'info', secret: DEVELOPMENT_APP_SECRET, publicUrl: 'http://localhost:3000' });
  });

  it('names an unknown log level or environment', () => {
    expect(appConfig.problemsIn({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL must be one of/);
    expect(appConfig.problemsIn({ NODE_ENV: 'staging' })[0]).toMatch(/^NODE_ENV must be one of/);
  });

  it('never echoes the value of a secret', () => {
    const problems = appConfig.problemsIn({ APP_SECRET: 'short-secret-value' });
    expect(problems).toEqual(['APP_SECRET must be longer than or equal to 32 characters']);
    expect(problems.join()).not.toContain('short-secret-value');
  });

  it('requires APP_SECRET and PUBLIC_URL in production', () => {
    expect(appConfig.problemsIn({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^APP_SECRET: must be set/),
      expect.stringMatching(/^PUBLIC_URL: must be set/),
    ]);
    expect(appConfig.problemsIn({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://blog.example.com' })).toEqual([]);
  });
});
