import { ScriptoriumError } from '@scriptorium/sdk';
import { describeError } from './problem';

const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new ScriptoriumError(status, { type: `https://scriptorium.dev/problems/${code}`, title: 'Error', status, detail, request_id: 'req-1', ...extra });

describe('errors in words', () => {
  it('puts each field error beside its field, without the body. prefix', () => {
    const shown = describeError(problem(400, 'bad_request', 'text: must not be empty', { errors: [{ field: 'text', message: 'text must not be empty' }, { field: 'body.options.max_cost', message: 'too small' }] }));
    expect(shown.fields).toEqual({ text: 'text must not be empty', 'options.max_cost': 'too small' });
    expect(shown).toMatchObject({ code: 'bad_request', status: 400, requestId: 'req-1', message: 'text: must not be empty' });
  });

  it('says what a known code means, with the server\'s detail', () => {
    expect(describeError(problem(402, 'credits_exhausted', 'no credits left')).message).toBe('Your credits are used up. Buy credits or upgrade your plan on Usage & billing. (no credits left)');
    expect(describeError(problem(409, 'some_new_code', 'what happened')).message).toBe('what happened');
  });

  it('never shows a 5xx detail, only that it failed and the request id', () => {
    const shown = describeError(problem(500, 'internal_error', 'internal error (request req-1)'));
    expect(shown.message).toBe('Something went wrong on our side.');
    expect(shown.requestId).toBe('req-1');
  });

  it('tells a network failure from an answer', () => {
    expect(describeError(new TypeError('Failed to fetch')).message).toMatch(/could not be reached/);
  });
});
