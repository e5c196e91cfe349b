import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOwnRedis } from '../support/redis-server.js';
import { stopProcess } from '../support/processes.js';
import type { Db } from './db.js';
import { call, type ChaosUser, type ChaosWorld, type StackTarget } from './harness.js';
import { loadOperations } from './r5-fuzz.js';
import { Figures } from './report.js';
import type { ChaosSize } from './sizes.js';
import { TcpProxy } from './tcp-proxy.js';

const FINISHED = ['succeeded', 'failed', 'canceled'];

interface Probe {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * R2: with N jobs queued or running, Redis is stopped (persistence on, as in production) for a
 * while and started again; then PostgreSQL is made unreachable (a TCP proxy in front of it is cut)
 * for as long. During each outage /readyz must say 503 and no route a 5xx other than a clear 503
 * (problem+json, Retry-After); afterwards every job must finish, those launched before succeed.
 */
export async function outages(world: ChaosWorld, user: ChaosUser, db: Db, size: ChaosSize, text: string): Promise<Figures> {
  const figures = new Figures('R2 Redis and PostgreSQL outages');
  const redis = await startOwnRedis({ persist: { dir: mkdtempSync(join(tmpdir(), 'scriptorium-chaos-redis-')) } });
  const database = new URL(world.main.databaseUrl);
  const proxy = await new TcpProxy(database.hostname, Number(database.port || 5432)).start();
  database.hostname = '127.0.0.1';
  database.port = String(proxy.port);
  const target: StackTarget = { redisUrl: redis.url, databaseUrl: database.toString(), redisPrefix: `${world.main.redisPrefix}_r2` };
  const api = await world.startApi('api R2', target);
  const worker = await world.startWorker('worker R2', target, { WORKER_CONCURRENCY: '4' });
  const exitsBefore = () => [api.process, worker].filter((running) => running.child.exitCode !== null || running.child.signalCode !== null).length;

  const { operations } = loadOperations();
  const probes: Probe[] = [
    { method: 'GET', path: '/api/v1/me' },
    { method: 'POST', path: '/api/v1/documents', body: { text } },
    { method: 'POST', path: '/api/v1/pipelines/generate_blog', body: { text } },
    { method: 'PATCH', path: '/api/v1/me', body: {} },
    ...operations.filter((op) => op.method === 'GET' && op.path.startsWith('/api/')).map((op) => ({ method: 'GET', path: op.path.replace(/\{[^}]+\}/g, () => randomUUID()) })),
  ];

  try {
    for (const kind of ['Redis', 'PostgreSQL'] as const) {
      const ids: string[] = [];
      for (let i = 0; i < size.r2Jobs; i++) {
        const res = await call(api.url, 'POST', '/api/v1/pipelines/generate_blog', { auth: user.auth, body: { text, options: { chapters_count: 2 } } });
        if (res.status !== 202) throw new Error(`generate_blog before the ${kind} outage answered ${res.status}`);
        ids.push(res.body.job_id);
      }
      await sleep(size.modelLatencyMs * 2);

      const stats = { requests: 0, readyz503: 0, readyzOther: 0, fivexx: 0, unclear503: 0, clear503: 0, hung: 0 };
      const samples: string[] = [];
      const jobProbe = `/api/v1/jobs/${ids[0]}`;
      if (kind === 'Redis') await redis.stop();
      else proxy.cut();
      const outageEnds = Date.now() + size.r2OutageMs;
      let next = 0;
      while (Date.now() < outageEnds) {
        const readyz = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
        if (readyz?.status === 503) stats.readyz503 += 1;
        else stats.readyzOther += 1;
        await readyz?.arrayBuffer().catch(() => undefined);
        const probe = next % 2 === 0 ? { method: 'GET', path: jobProbe } : probes[Math.floor(next / 2) % probes.length]!;
        next += 1;
        try {
          const res = await call(api.url, probe.method, probe.path, { auth: user.auth, body: probe.body, signal: AbortSignal.timeout(10_000) });
          stats.requests += 1;
          if (res.status === 503) {
            // Clear: problem+json, with Retry-After unless it is about configuration (a feature not set up here).
            const type = String((res.body as { type?: unknown } | undefined)?.type ?? '');
            const problem = res.headers.get('content-type')?.startsWith('application/problem+json');
            const clear = problem && (res.headers.get('retry-after') || /not_configured$/.test(type));
            if (clear) stats.clear503 += 1;
            else {
              stats.unclear503 += 1;
              if (samples.length < 5) samples.push(`${probe.method} ${probe.path.replace(/[0-9a-f-]{36}/g, '{id}')}: 503 ${type || res.headers.get('content-type')} without Retry-After`);
            }
          } else if (res.status >= 500) {
            stats.fivexx += 1;
            if (samples.length < 5) samples.push(`${probe.method} ${probe.path.replace(/[0-9a-f-]{36}/g, '{id}')}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
          }
        } catch {
          stats.hung += 1;
        }
      }
      if (kind === 'Redis') await redis.start();
      else proxy.restore();
      const recoveredAfter = Date.now();
      let ready = false;
      while (!ready && Date.now() - recoveredAfter < 60_000) {
        ready = (await fetch(`${api.url}/readyz`).catch(() => undefined))?.status === 200;
        if (!ready) await sleep(200);
      }
      const readyMs = Date.now() - recoveredAfter;

      // Every job of the user finishes (also any a probe started); those launched before succeed.
      const deadline = Date.now() + 60_000 + size.r2Jobs * 10_000;
      let rows: { id: string; status: string }[] = [];
      while (Date.now() < deadline) {
        rows = await db.rows<{ id: string; status: string }>('select id, status from jobs where user_id = $1', [user.id]);
        if (rows.every((row) => FINISHED.includes(row.status))) break;
        await sleep(500);
      }
      const succeeded = rows.filter((row) => ids.includes(row.id) && row.status === 'succeeded').length;
      const failedCodes = await db.rows<{ code: string; n: string }>(
        `select error->>'code' as code, count(*) as n from jobs where id = any($1) and status <> 'succeeded' group by 1`,
        [ids],
      );

      figures.info(`${kind}: outage / requests during it / readyz 503s`, `${size.r2OutageMs} ms / ${stats.requests} / ${stats.readyz503}`);
      figures.info(`${kind}: clear 503s / requests over 10 s`, `${stats.clear503} / ${stats.hung}`);
      figures.info(`${kind}: back to ready after (ms)`, readyMs);
      figures.equal(`${kind}: /readyz answers other than 503 during the outage`, stats.readyzOther, 0);
      figures.equal(`${kind}: 5xx other than 503`, stats.fivexx, 0);
      figures.equal(`${kind}: 503s without problem+json and Retry-After`, stats.unclear503, 0);
      figures.equal(`${kind}: jobs launched before that succeeded`, succeeded, ids.length);
      figures.equal(`${kind}: jobs left unfinished`, rows.filter((row) => !FINISHED.includes(row.status)).length, 0);
      for (const row of failedCodes) figures.info(`${kind}: jobs not succeeded (${row.code})`, Number(row.n));
      for (const sample of samples) figures.info(`${kind}: e.g.`, sample);
    }
    figures.equal('API or worker process exits', exitsBefore(), 0);
  } finally {
    await stopProcess(worker, 5_000);
    await stopProcess(api.process, 5_000);
    await redis.kill();
    await proxy.close();
  }
  return figures;
}
