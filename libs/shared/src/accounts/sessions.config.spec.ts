import { sessionsConfig } from './sessions.config.js';

describe('sessions config', () => {
  it('keeps a session two weeks unless told otherwise', () => {
    expect(sessionsConfig.from({})).toEqual({ ttlHours: 336 });
    expect(sessionsConfig.from({ SESSION_TTL_HOURS: '12' })).toEqual({ ttlHours: 12 });
    expect(sessionsConfig.problemsIn({ SESSION_TTL_HOURS: 'a day' })).toEqual(['SESSION_TTL_HOURS must be an integer number']);
  });
});
