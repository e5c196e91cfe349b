import { startProcess } from './support/processes.js';

describe('API process start', () => {
  it('exits 1 naming each malformed variable', async () => {
    const api = startProcess('dist/apps/api/src/main.js', { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('PORT must be an integer number');
    expect(api.output()).toContain('DATABASE_URL must be a URL address');
  });

  it('exits 1 in production without an APP_SECRET of its own', async () => {
    const api = startProcess('dist/apps/api/src/main.js', { NODE_ENV: 'production', PUBLIC_URL: 'https://example.com' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('APP_SECRET: must be set');
  });
});
