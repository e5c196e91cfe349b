import { publishingConfig } from './publishing.config.js';

describe('publishing config', () => {
  it('exempts no host and waits 30 s per request by default', () => {
    expect(publishingConfig.from({})).toEqual({ allowedHosts: [], timeoutMs: 30_000 });
  });

  it('reads the allow-list in lower case, without brackets, and names a bad variable', () => {
    expect(publishingConfig.from({ PUBLISH_ALLOWED_HOSTS: ' 127.0.0.1, [::1] ,Blog.Local ' }).allowedHosts).toEqual(['127.0.0.1', '::1', 'blog.local']);
    expect(() => publishingConfig.from({ PUBLISH_TIMEOUT_MS: 'soon' })).toThrow(/PUBLISH_TIMEOUT_MS/);
    expect(() => publishingConfig.from({ PUBLISH_TIMEOUT_MS: '10' })).toThrow(/PUBLISH_TIMEOUT_MS/);
  });
});
