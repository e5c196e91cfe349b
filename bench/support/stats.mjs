import { performance } from 'node:perf_hooks';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export async function timeOnce(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/**
 * Times two implementations of the same work interleaved (A B, B A, A B, …, so neither always runs
 * on a warmer or more fragmented heap), after `warmup` untimed runs of each. Returns the medians
 * and the overhead of `ours` over `direct` in percent.
 */
export async function compareInterleaved({ ours, direct, runs = 7, warmup = 1 }) {
  for (let index = 0; index < warmup; index += 1) {
    await ours();
    await direct();
  }
  const oursMs = [];
  const directMs = [];
  for (let index = 0; index < runs; index += 1) {
    const order = index % 2 === 0 ? [ours, direct] : [direct, ours];
    for (const fn of order) {
      const { ms } = await timeOnce(fn);
      (fn === ours ? oursMs : directMs).push(ms);
    }
  }
  const oursMedian = median(oursMs);
  const directMedian = median(directMs);
  return {
    ours_ms: round(oursMedian),
    direct_ms: round(directMedian),
    overhead_pct: round((oursMedian / directMedian - 1) * 100),
    runs,
  };
}
