import { authConfig } from './auth.config.js';

describe('auth config', () => {
  it('points at github.com with no OAuth app by default', () => {
    expect(authConfig.from({ GITHUB_CLIENT_ID: '' })).toEqual({
      github: { clientId: undefined, clientSecret: undefined, baseUrl: 'https://github.com', apiUrl: 'https://api.github.com' },
      loginRedirectUrl: '/',
    });
  });

  it('names a malformed GitHub URL', () => {
    expect(authConfig.problemsIn({ GITHUB_BASE_URL: 'git hub', GITHUB_API_URL: 'http://127.0.0.1:9000' })).toEqual(['GITHUB_BASE_URL must be a URL address']);
  });
});
