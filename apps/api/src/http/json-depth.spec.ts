import { nestsDeeperThan } from './json-depth.js';

const arrays = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
const objects = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;

describe('nestsDeeperThan', () => {
  it('counts each array or object as one level; scalars add none', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
    expect(nestsDeeperThan([], 0)).toBe(true);
    expect(nestsDeeperThan([], 1)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 'c' }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: ['c'] }] }, 3)).toBe(true);
    expect(nestsDeeperThan(arrays(32), 32)).toBe(false);
    expect(nestsDeeperThan(objects(33), 32)).toBe(true);
  });

  it('finds the deep branch among wide shallow ones', () => {
    expect(nestsDeeperThan({ wide: Array.from({ length: 10_000 }, (_, index) => ({ index })), deep: arrays(40) }, 32)).toBe(true);
  });

  it('walks 100,000 nested arrays and 50,000 nested objects without overflowing the stack', () => {
    expect(nestsDeeperThan(arrays(100_000), 32)).toBe(true);
    expect(nestsDeeperThan(objects(50_000), 32)).toBe(true);
  });
});
