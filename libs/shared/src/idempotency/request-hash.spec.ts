import { canonical, requestHash } from './idempotency.service.js';

describe('requestHash', () => {
  const sample = { z: [1, 'two', null, { b: true, a: [[], {}] }], a: { 'k"ey': 'vé', n: 1.5e-7, u: undefined }, e: '' };

  it('writes canonical JSON (keys sorted) exactly as before, so stored keys keep matching', () => {
    expect(canonical(sample)).toBe('{"a":{"k\\"ey":"vé","n":1.5e-7,"u":null},"e":"","z":[1,"two",null,{"a":[[],{}],"b":true}]}');
    // The hash the recursive version gave for this body.
    expect(requestHash('POST', '/x', sample)).toBe('ad89d0b32ef3f59c9d997fa5b12b46562a48f67b605ce485d7661748e6939d6f');
    expect(canonical(undefined)).toBe('null');
    expect(canonical([undefined, 'a'])).toBe('[null,"a"]');
  });

  it('is the same whatever the key order', () => {
    expect(requestHash('POST', '/x', { a: 1, b: { c: 2, d: 3 } })).toBe(requestHash('POST', '/x', { b: { d: 3, c: 2 }, a: 1 }));
  });

  it('hashes a body nested 100,000 deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(requestHash('POST', '/x', deep)).toMatch(/^[0-9a-f]{64}$/);
    const objects = JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;
    expect(canonical(objects)).toHaveLength(50_000 * 6 + 1);
  });
});
