import { nulQueryParam, repeatedQueryParam } from './repeated-query.js';

describe('repeatedQueryParam', () => {
  it('names the first parameter given twice, however it is spelled', () => {
    expect(repeatedQueryParam('last_event_id=1-0&last_event_id=2-0')).toBe('last_event_id');
    expect(repeatedQueryParam('limit=1&cursor=a&limit=2')).toBe('limit');
    expect(repeatedQueryParam('limit&limit')).toBe('limit');
    expect(repeatedQueryParam('lim%69t=1&limit=2')).toBe('limit');
  });

  it('passes distinct parameters and empty queries', () => {
    expect(repeatedQueryParam('')).toBeUndefined();
    expect(repeatedQueryParam('limit=1&cursor=a&status=queued')).toBeUndefined();
    expect(repeatedQueryParam('a[]=1&a=2')).toBeUndefined();
  });
});

describe('nulQueryParam', () => {
  it('names the first parameter whose value holds a NUL character, encoded or not', () => {
    expect(nulQueryParam('q=%00')).toBe('q');
    expect(nulQueryParam('limit=1&q=a%00b')).toBe('q');
    expect(nulQueryParam('q=fine&cursor=%00')).toBe('cursor');
  });

  it('passes values without one', () => {
    expect(nulQueryParam('')).toBeUndefined();
    expect(nulQueryParam('q=%2500&limit=0')).toBeUndefined();
  });
});
