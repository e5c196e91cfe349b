import { jsonBodyProblem } from './json-body-check.js';

const arrays = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
const objects = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;
const depthProblem = { field: 'body', message: 'the JSON body nests deeper than 32 levels' };

describe('jsonBodyProblem', () => {
  it('counts each array or object as one level; scalars add none', () => {
    expect(jsonBodyProblem('text', 0)).toBeUndefined();
    expect(jsonBodyProblem([], 0)).toMatchObject({ field: 'body' });
    expect(jsonBodyProblem([], 1)).toBeUndefined();
    expect(jsonBodyProblem({ a: [1, { b: 'c' }] }, 3)).toBeUndefined();
    expect(jsonBodyProblem({ a: [1, { b: ['c'] }] }, 3)).toMatchObject({ field: 'body' });
    expect(jsonBodyProblem(arrays(32))).toBeUndefined();
    expect(jsonBodyProblem(objects(33))).toEqual(depthProblem);
  });

  it('finds the deep branch among wide shallow ones', () => {
    expect(jsonBodyProblem({ wide: Array.from({ length: 10_000 }, (_, index) => ({ index })), deep: arrays(40) })).toEqual(depthProblem);
  });

  it('walks 100,000 nested arrays and 50,000 nested objects without overflowing the stack', () => {
    expect(jsonBodyProblem(arrays(100_000))).toEqual(depthProblem);
    expect(jsonBodyProblem(objects(50_000))).toEqual(depthProblem);
  });

  it('names a string holding U+0000 by its path', () => {
    expect(jsonBodyProblem({ text: 'a\u0000b' })).toEqual({ field: 'text', message: 'text must not contain the NUL character (U+0000)' });
    expect(jsonBodyProblem({ options: { outline: { chapters: [{ title: 'ok' }, { title: '\u0000' }] } } })?.field).toBe('options.outline.chapters.1.title');
    expect(jsonBodyProblem({ text: 'no nul here \\u0000' })).toBeUndefined();
  });
});
