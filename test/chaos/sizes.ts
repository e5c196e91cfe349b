/** How much of each scenario a run does: `full` for `npm run chaos`, `short` inside `npm test`. */
export interface ChaosSize {
  name: 'full' | 'short';
  /** Model latency of the fake, per call. */
  modelLatencyMs: number;
  /** R1: generate_blog runs the worker is killed in, and the most kills. */
  r1Runs: number;
  r1MaxKills: number;
  /** R2: jobs queued or running during each outage, and how long each outage lasts. */
  r2Jobs: number;
  r2OutageMs: number;
  /** R3: concurrent POSTs per route. */
  r3Concurrency: number;
  /** R4: shuffled replays. */
  r4Rounds: number;
  /** R5: fuzzed requests (at least). */
  r5Requests: number;
}

export const SIZES: Record<ChaosSize['name'], ChaosSize> = {
  full: { name: 'full', modelLatencyMs: 250, r1Runs: 20, r1MaxKills: 30, r2Jobs: 20, r2OutageMs: 10_000, r3Concurrency: 50, r4Rounds: 10, r5Requests: 10_000 },
  short: { name: 'short', modelLatencyMs: 150, r1Runs: 2, r1MaxKills: 3, r2Jobs: 3, r2OutageMs: 3_000, r3Concurrency: 20, r4Rounds: 2, r5Requests: 1_500 },
};

export function chaosSize(): ChaosSize {
  const name = process.env.CHAOS_SIZE ?? 'short';
  const size = SIZES[name as ChaosSize['name']];
  if (!size) throw new Error(`CHAOS_SIZE must be full or short, not ${name}`);
  return size;
}
