import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { ModuleMetadata } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Scope } from '@app/shared';
import type { SeededUser } from './accounts.js';
import type { TestApi } from './api.js';
import { startProcess, stopProcess, waitFor, waitForOutput, type RunningProcess } from './processes.js';
import { createFakes, envOfFakes, type FakeRequests, type StackFakes } from './stack-fakes.js';

const API_ENTRY = 'dist/apps/api/src/main.js';
const WORKER_ENTRY = 'dist/apps/worker/src/main.js';

export interface StackOptions<Requested extends FakeRequests> {
  /** Fakes to start, by name: `true` for the defaults or the fake's options. Their URLs go into the environment. */
  fakes?: Requested;
  /** More environment, applied over the fakes' (a function gets the started fakes). */
  env?: Record<string, string> | ((fakes: StackFakes<Requested>) => Record<string, string> | Promise<Record<string, string>>);
  /** Where the API runs: in this process (default: `api.http`, `api.app`), or as the built API process on a free port (`url`). */
  api?: 'in-process' | 'process';
  /** Also put the in-process API on a free port (`url`), for clients that need a real socket. */
  listen?: boolean;
  /** Test-only controllers and providers added to the in-process API module. */
  extra?: Pick<ModuleMetadata, 'controllers' | 'providers'>;
  /** Start a worker process from dist/ (`worker`). */
  worker?: boolean;
  /**
   * A database of this file's own (a copy of the run's migrated template) instead of the run's
   * shared one: for suites whose code reads every tenant's rows, such as the Stripe meter reporter.
   */
  ownDatabase?: boolean;
  /** Longest boot (and teardown), in ms; 60 s unless told. */
  timeoutMs?: number;
}

export interface TestStack<Requested extends FakeRequests> {
  /** The in-process API: the Nest app and a supertest agent on it. */
  readonly api: Pick<TestApi, 'app' | 'http'>;
  readonly fakes: StackFakes<Requested>;
  /** The API's base URL on a real port (with `listen`, or `api: 'process'`). */
  readonly url: string;
  /** The worker started with the stack (`worker: true`). */
  readonly worker: RunningProcess;
  /** The API process (`api: 'process'`). */
  readonly apiProcess: RunningProcess;
  /** A new user with an API key (every scope unless told otherwise): one tenant per test. */
  user(scopes?: readonly Scope[]): Promise<SeededUser>;
  /** Waits for the job to reach `status` through GET /jobs/{id}; fails at once if it finishes otherwise. */
  job(owner: SeededUser, jobId: string, status: string, timeoutMs?: number): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Runs SQL on the stack's database. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** Another worker process on the stack's environment (plus `env`), stopped with the stack. */
  startWorker(env?: Record<string, string>): Promise<RunningProcess>;
}

/** Thrown by a boot step that finds the stack already torn down (its beforeAll timed out). */
const TORN_DOWN = new Error('the stack was torn down while it booted');

let used = false;

/**
 * Boots, for the enclosing describe block, what an e2e file runs against: the requested fakes,
 * the environment (their URLs, a Redis prefix of this file's own, `env`), the API (in-process
 * unless told) and optionally a worker process; tears it all down in reverse order after the
 * block, also when the boot failed halfway. Call it once per file, at the top of a describe block:
 * configuration is read when the app's modules load, so they are imported only once the
 * environment is set (test files import app modules as types, or dynamically after the boot).
 */
export function useStack<Requested extends FakeRequests = Record<never, never>>(options: StackOptions<Requested> = {}): TestStack<Requested> {
  if (used) throw new Error('useStack() runs once per test file: the app reads its configuration once');
  used = true;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fakes = createFakes(options.fakes ?? ({} as Requested));
  const stops: (() => Promise<unknown>)[] = [];
  let tornDown = false;
  let api: TestApi | undefined;
  let url: string | undefined;
  let worker: RunningProcess | undefined;
  let apiProcess: RunningProcess | undefined;

  /** How to stop what was just started: at teardown, or at once (ending the boot) if the teardown already ran. */
  const own = async (stop: () => Promise<unknown>) => {
    if (!tornDown) return void stops.push(stop);
    await stop();
    throw TORN_DOWN;
  };
  const booted = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the stack has no ${what} (not booted yet, or not asked for in useStack's options)`);
    return value;
  };
  const inProcess = () => booted(api, 'in-process API');

  const startWorker = async (env: Record<string, string> = {}) => {
    const started = startProcess(WORKER_ENTRY, { LOG_LEVEL: 'info', ...env });
    await own(() => stopProcess(started));
    await waitForOutput(started, /worker started/, 30_000, 'the worker to start');
    return started;
  };

  const boot = async () => {
    const all = Object.values(fakes) as { start(): Promise<unknown>; close(): Promise<void> }[];
    for (const fake of all) await own(() => fake.close());
    await Promise.all(all.map((fake) => fake.start()));
    const extraEnv = typeof options.env === 'function' ? await options.env(fakes) : options.env;
    // The suites share one database: a worker reports every tenant's usage to its own Stripe fake, so
    // only a suite that asks for it (METER_REPORT_INTERVAL_S in `env`) runs the meter reporter.
    const env: Record<string, string> = { REDIS_PREFIX: `${process.env.REDIS_PREFIX}_${fileName()}`, METER_REPORT_INTERVAL_S: '0', ...envOfFakes(fakes), ...extraEnv };
    if (options.ownDatabase) env.DATABASE_URL = await createOwnDatabase(fileName());
    Object.assign(process.env, env);

    if (options.api === 'process') {
      const started = startProcess(API_ENTRY, { PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'info' });
      await own(() => stopProcess(started));
      const [, port] = await waitForOutput(started, /"msg":"api listening","port":(\d+)/, 30_000, 'the API process to listen');
      apiProcess = started;
      url = `http://127.0.0.1:${port}`;
    } else {
      const { bootApi } = await import('./api.js');
      const booting = await bootApi(options.extra);
      await own(() => booting.close());
      api = booting;
      if (options.listen) {
        await api.app.listen(0, '127.0.0.1');
        url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
      }
    }
    if (options.worker) worker = await startWorker();
  };

  beforeAll(async () => {
    await boot().catch((error: unknown) => {
      if (error !== TORN_DOWN) throw error;
    });
  }, timeoutMs);

  afterAll(async () => {
    tornDown = true;
    const failures: unknown[] = [];
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, 'the stack did not stop cleanly');
  }, timeoutMs);

  const stack: TestStack<Requested> = {
    api: {
      get app() {
        return inProcess().app;
      },
      get http() {
        return inProcess().http;
      },
    },
    fakes,
    get url() {
      return booted(url, 'URL (ask for `listen: true` or `api: "process"`)');
    },
    get worker() {
      return booted(worker, 'worker (ask for `worker: true`)');
    },
    get apiProcess() {
      return booted(apiProcess, 'API process (ask for `api: "process"`)');
    },
    user: async (scopes) => {
      const { seedUser } = await import('./accounts.js');
      return seedUser(inProcess().app, scopes);
    },
    job: (owner, jobId, status, jobTimeoutMs = 30_000) =>
      waitFor(async () => {
        const res = await inProcess().http.get(`/api/v1/jobs/${jobId}`).set(owner.auth);
        if (res.body.status !== status && ['succeeded', 'failed', 'canceled'].includes(res.body.status)) {
          throw new Error(`job ${jobId} ended ${res.body.status}: ${JSON.stringify(res.body.error ?? res.body.output)}`);
        }
        return res.body.status === status ? res.body : undefined;
      }, jobTimeoutMs, `job ${jobId} to be ${status}`),
    sql: <T>(query: string, params: unknown[] = []) => inProcess().app.get(MikroORM).em.fork().getConnection().execute<T[]>(query, params),
    startWorker,
  };
  return stack;
}

/** Copies the run's migrated template into a database named after the file; returns its URL. */
async function createOwnDatabase(name: string): Promise<string> {
  const { ADMIN_DATABASE_URL, databaseUrlFor, templateDatabaseOf } = await import('./test-env.mjs');
  const run = process.env.TEST_DATABASE_NAME!;
  const database = `${run}_${name.replace(/\W/g, '_')}`;
  const admin = await MikroORM.init({ clientUrl: ADMIN_DATABASE_URL, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    await admin.em.getConnection().execute(`create database "${database}" template "${templateDatabaseOf(run)}"`);
  } finally {
    await admin.close(true);
  }
  return databaseUrlFor(database);
}

/** This test file's name without its suffix (`documents` for documents.e2e-spec.ts). */
function fileName(): string {
  const path = expect.getState().testPath ?? 'test';
  return basename(path).replace(/\.(e2e-)?spec\.ts$/, '');
}
