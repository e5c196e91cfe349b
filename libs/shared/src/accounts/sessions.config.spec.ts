import { sessionsConfig } from './sessions.config.js';

describe('sessions config', () => {
  it('keeps a session two weeks unless told otherwise', () => {
    expect(sessionsConfig.from({})).toEqual({ ttlHours: 336, loginLinkTtlS: 900 });
    expect(sessionsConfig.from({ SESSION_TTL_HOURS: '12' })).toEqual({ ttlHours: 12, loginLinkTtlS: 900 });
    expect(sessionsConfig.problemsIn({ SESSION_TTL_HOURS: 'a day' })).toEqual(['SESSION_TTL_HOURS must be an integer number']);
  });

  it('keeps a login link fifteen minutes unless told otherwise, at most a day', () => {
    expect(sessionsConfig.from({ LOGIN_LINK_TTL_S: '60' }).loginLinkTtlS).toBe(60);
    expect(sessionsConfig.problemsIn({ LOGIN_LINK_TTL_S: '0' })).toEqual(['LOGIN_LINK_TTL_S must not be less than 1']);
    expect(sessionsConfig.problemsIn({ LOGIN_LINK_TTL_S: '100000' })).toEqual(['LOGIN_LINK_TTL_S must not be greater than 86400']);
  });
});
