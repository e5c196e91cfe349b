import { deliveryAttempts, webhooksConfig } from './webhooks.config.js';

describe('webhooks config', () => {
  it('retries for up to 3 days by default: 14 attempts, the last one about 68 hours after the first', () => {
    const settings = webhooksConfig.from({});
    expect(settings).toMatchObject({ allowedHosts: [], backoffMs: 30_000, retryWindowS: 259_200, attempts: 14 });
    const lastRetryS = (settings.backoffMs * (2 ** (settings.attempts - 1) - 1)) / 1000;
    expect(lastRetryS).toBeLessThanOrEqual(3 * 86_400);
    expect(lastRetryS).toBeGreaterThan(2.5 * 86_400);
  });

  it('fits the attempts to the window: none past it, one without a window', () => {
    expect(deliveryAttempts(100, 2)).toBe(5);
    expect(deliveryAttempts(1000, 0)).toBe(1);
  });

  it('reads the allow-list in lower case, without brackets, and names a bad variable', () => {
    expect(webhooksConfig.from({ WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, [::1] ,Hooks.Local ' }).allowedHosts).toEqual(['127.0.0.1', '::1', 'hooks.local']);
    expect(() => webhooksConfig.from({ WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });
});
