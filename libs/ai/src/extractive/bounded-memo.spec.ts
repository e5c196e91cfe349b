import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('computes a value once and gives it back after', () => {
    const memo = new BoundedMemo<string, number>(10);
    let calls = 0;
    const square = (n: number) => () => {
      calls += 1;
      return n * n;
    };
    expect(memo.get('3', square(3))).toBe(9);
    expect(memo.get('3', square(3))).toBe(9);
    expect(calls).toBe(1);
  });

  it('never holds more than its bound, however many keys go through it', () => {
    const memo = new BoundedMemo<number, number>(100);
    for (let i = 0; i < 10_000; i += 1) {
      memo.get(i, () => i);
      expect(memo.size).toBeLessThanOrEqual(100);
    }
    expect(memo.size).toBeGreaterThanOrEqual(50);
  });

  it('keeps what is still read while older entries go', () => {
    const memo = new BoundedMemo<number, string>(4);
    let computed: number[] = [];
    const value = (n: number) => () => {
      computed.push(n);
      return String(n);
    };
    memo.get(1, value(1));
    for (let i = 2; i < 20; i += 1) {
      memo.get(i, value(i));
      memo.get(1, value(1));
    }
    expect(computed.filter((n) => n === 1)).toEqual([1]);
    computed = [];
    memo.get(2, value(2));
    expect(computed).toEqual([2]);
  });
});
