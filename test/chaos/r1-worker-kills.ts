import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { RunningProcess } from '../support/processes.js';
import { stopProcess } from '../support/processes.js';
import type { Db } from './db.js';
import { call, type ApiProcess, type ChaosUser, type ChaosWorld } from './harness.js';
import { Figures } from './report.js';
import type { ChaosSize } from './sizes.js';

/** Kills of one job the worker survives: BullMQ fails a job stalled more often than this. */
export const MAX_KILLS_PER_JOB = 3;
const FINISHED = ['succeeded', 'failed', 'canceled'];

interface JobCost {
  events: number;
  billable: number;
  cost: number;
}

/**
 * R1: the worker is killed (SIGKILL) at random moments while generate_blog runs, some jobs two or
 * three times, and restarted each time. Every run must still end with exactly one post, no job
 * left running, no usage event twice, and the same bill as a run nobody disturbed.
 */
export async function workerKills(world: ChaosWorld, api: ApiProcess, user: ChaosUser, db: Db, size: ChaosSize, text: string): Promise<Figures> {
  const figures = new Figures('R1 worker kill -9');
  const workerEnv = { WORKER_CONCURRENCY: '2', WORKER_MAX_STALLED_COUNT: String(MAX_KILLS_PER_JOB) };
  const launch = async () => {
    const res = await call(api.url, 'POST', '/api/v1/pipelines/generate_blog', { auth: user.auth, body: { text, options: { chapters_count: 3 } } });
    if (res.status !== 202) throw new Error(`generate_blog answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.job_id as string;
  };
  const statuses = async (ids: string[]) =>
    new Map((await db.rows<{ id: string; status: string }>('select id, status from jobs where id = any($1)', [ids])).map((row) => [row.id, row.status]));
  const costOf = async (id: string): Promise<JobCost> => {
    const [row] = await db.rows<{ events: string; billable: string; cost: string }>(
      `select count(*) as events, count(*) filter (where billable) as billable, coalesce(sum(cost_micros) filter (where billable), 0) as cost from usage_events where job_id = $1`,
      [id],
    );
    return { events: Number(row!.events), billable: Number(row!.billable), cost: Number(row!.cost) };
  };
  const waitAll = async (ids: string[], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const now = await statuses(ids);
      if (ids.every((id) => FINISHED.includes(now.get(id) ?? ''))) return;
      await sleep(200);
    }
  };

  // An undisturbed run of the same input: what one run costs. Its worker is the first one killed.
  let workerStartedAt = Date.now();
  let worker: RunningProcess | undefined = await world.startWorker('worker R1 #1', world.main, workerEnv);
  const baselineId = await launch();
  await waitAll([baselineId], 120_000);
  const baselineStatus = (await statuses([baselineId])).get(baselineId);
  if (baselineStatus !== 'succeeded') throw new Error(`the undisturbed run ended ${baselineStatus}`);
  const baseline = await costOf(baselineId);
  figures.info('undisturbed run: usage events / billed micros', `${baseline.events} / ${baseline.cost}`);

  const queue = new Queue('jobs', { connection: { url: world.main.redisUrl }, prefix: world.main.redisPrefix });
  const kills = new Map<string, number>();
  let totalKills = 0;
  const ids: string[] = [];
  try {
    for (let i = 0; i < size.r1Runs; i++) ids.push(await launch());
    // How often each run is meant to be killed (0 to 3 times; a run held with one of them may be killed more, never past the limit).
    const budget = new Map(ids.map((id, i) => [id, [1, 2, 3, 0, 3, 2, 1][i % 7]!]));
    const deadline = Date.now() + 60_000 + size.r1Runs * 30_000;
    while (Date.now() < deadline) {
      const now = await statuses(ids);
      if (ids.every((id) => FINISHED.includes(now.get(id) ?? ''))) break;
      if (!worker) {
        workerStartedAt = Date.now();
        worker = await world.startWorker(`worker R1 #${totalKills + 1}`, world.main, workerEnv);
      }
      if (totalKills >= size.r1MaxKills) {
        await sleep(500);
        continue;
      }
      // A random moment of the runs this worker holds: kill only when no job it holds would be
      // failed for it (stalled more often than allowed).
      // The first kill comes early (within two model calls), so even a short run on a fast machine is
      // killed at least once; later ones anywhere in the runs.
      const delay = Math.random() * size.modelLatencyMs * (totalKills === 0 ? 2 : 8);
      let activeSince: number | undefined;
      let active: Awaited<ReturnType<typeof queue.getActive>> = [];
      for (;;) {
        // What this worker holds (a dead worker's jobs stay active until found stalled).
        active = (await queue.getActive()).filter((job) => job.id && ids.includes(job.id) && (job.processedOn ?? 0) >= workerStartedAt);
        const now = await statuses(ids);
        if (ids.every((id) => FINISHED.includes(now.get(id) ?? ''))) break;
        const wanted = active.some((job) => (kills.get(job.id!) ?? 0) < budget.get(job.id!)!);
        if (wanted && active.every((job) => (job.stalledCounter ?? 0) < MAX_KILLS_PER_JOB)) {
          activeSince ??= Date.now();
          if (Date.now() - activeSince >= delay) break;
        }
        await sleep(25);
      }
      if (active.length === 0 || activeSince === undefined) continue;
      worker.child.kill('SIGKILL');
      await worker.exited;
      worker = undefined;
      totalKills += 1;
      for (const job of active) kills.set(job.id!, (kills.get(job.id!) ?? 0) + 1);
    }
    if (worker) await stopProcess(worker);
    worker = undefined;
  } finally {
    if (worker) await stopProcess(worker);
    await queue.close();
  }

  const final = await statuses(ids);
  const posts = await db.rows<{ job_id: string; posts: string }>(
    `select j.id as job_id, count(p.id) as posts from jobs j left join posts p on p.job_id = j.id where j.id = any($1) group by j.id`,
    [ids],
  );
  const costs = await Promise.all(ids.map(costOf));
  const duplicateEvents = costs.reduce((sum, cost) => sum + Math.max(0, cost.events - baseline.events), 0);
  const missingEvents = costs.reduce((sum, cost) => sum + Math.max(0, baseline.events - cost.events), 0);
  const billed = costs.reduce((sum, cost) => sum + cost.cost, 0);
  const killCounts = [...kills.values()];

  figures.info('runs', ids.length);
  figures.info('runs killed once / twice / three times', `${killCounts.filter((n) => n === 1).length} / ${killCounts.filter((n) => n === 2).length} / ${killCounts.filter((n) => n >= 3).length}`);
  figures.atLeast('worker kills', totalKills, size.name === 'full' ? size.r1Runs / 2 : 1);
  figures.atLeast('runs killed more than once', killCounts.filter((n) => n >= 2).length, size.name === 'full' ? 2 : 0);
  figures.equal('runs succeeded', ids.filter((id) => final.get(id) === 'succeeded').length, ids.length);
  figures.equal('posts written', posts.reduce((sum, row) => sum + Number(row.posts), 0), ids.length);
  figures.equal('runs without exactly one post', posts.filter((row) => Number(row.posts) !== 1).length, 0);
  figures.equal('jobs left running', ids.filter((id) => final.get(id) === 'running' || final.get(id) === 'queued').length, 0);
  figures.equal('duplicate usage events', duplicateEvents, 0);
  figures.equal('missing usage events', missingEvents, 0);
  figures.equal('billed micros (undisturbed × runs)', billed, baseline.cost * ids.length);
  return figures;
}
