import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAiChat } from '../fakes/openai-chat.fake.js';
import { FakeStripe } from '../fakes/stripe.fake.js';
import { FakeWebhookReceiver } from '../fakes/webhook-receiver.fake.js';
import { FakeYouTube } from '../fakes/youtube.fake.js';
import { envOfFakes } from '../support/stack-fakes.js';
import { startProcess, stopProcess, waitForOutput, type RunningProcess } from '../support/processes.js';

const API_ENTRY = 'dist/apps/api/src/main.js';
const WORKER_ENTRY = 'dist/apps/worker/src/main.js';
const CLI_ENTRY = 'dist/apps/cli/src/main.js';

export const STRIPE_SECRET_KEY = 'sk_test_chaos';
export const STRIPE_WEBHOOK_SECRET = 'whsec_chaos_webhook_secret';
export const APP_SECRET = `chaos-app-secret-${randomBytes(16).toString('hex')}`;
/** Text put into every document, post title and fuzzed string of the run: it must never reach a log. */
export const MARKER = `CHAOSMARK${randomBytes(6).toString('hex').toUpperCase()}`;
export const MARKER_EMAIL = `chaos.${randomBytes(4).toString('hex')}@leak-check.example`;

export interface ChaosUser {
  login: string;
  id: string;
  apiKey: string;
  auth: { Authorization: string };
}

/** Where the processes of one stack point: a Redis and a PostgreSQL (possibly through a proxy). */
export interface StackTarget {
  redisUrl: string;
  databaseUrl: string;
  redisPrefix: string;
}

/** A running API process and its base URL. */
export interface ApiProcess {
  process: RunningProcess;
  url: string;
}

/**
 * What every chaos scenario runs against: the fakes (a model with latency, Stripe, YouTube, a
 * webhook receiver), the environment the processes share, and every process started, whose output
 * is kept for the log scan at the end (R6).
 */
export class ChaosWorld {
  readonly chat = new FakeOpenAiChat();
  readonly stripe = new FakeStripe(STRIPE_SECRET_KEY);
  readonly youtube = new FakeYouTube();
  readonly receiver = new FakeWebhookReceiver();
  /** Every process started (ended or not): the output of the API and worker processes is scanned at the end. */
  readonly processes: { name: string; process: RunningProcess; scanned: boolean }[] = [];
  /** Every API key secret handed out in the run. */
  readonly secrets: string[] = [];
  readonly storageDir = mkdtempSync(join(tmpdir(), 'scriptorium-chaos-'));
  readonly main: StackTarget;

  constructor(readonly modelLatencyMs: number) {
    this.main = {
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      databaseUrl: required('DATABASE_URL'),
      redisPrefix: `${process.env.REDIS_PREFIX ?? 'scriptorium_chaos'}_chaos`,
    };
  }

  async start(): Promise<void> {
    await Promise.all([this.chat.start(), this.stripe.start(), this.youtube.start(), this.receiver.start()]);
    this.chat.latencyMs = this.modelLatencyMs;
  }

  async close(): Promise<void> {
    for (const { process: running } of this.processes) await stopProcess(running, 5_000);
    await Promise.all([this.chat.close(), this.stripe.close(), this.youtube.close(), this.receiver.close()]);
  }

  /** The environment of every process of a stack. */
  env(target: StackTarget, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...envOfFakes({ openaiChat: this.chat, stripe: this.stripe, youtube: this.youtube }),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      APP_SECRET,
      DATABASE_URL: target.databaseUrl,
      REDIS_URL: target.redisUrl,
      REDIS_PREFIX: target.redisPrefix,
      STORAGE_DIR: this.storageDir,
      STRIPE_WEBHOOK_SECRET,
      // The run shares the tests' database: its workers leave other suites' usage to their reporters.
      METER_REPORT_INTERVAL_S: '0',
      STRIPE_PRICE_SUBSCRIPTION: 'price_pro_monthly',
      STRIPE_PRICE_CREDIT_PACK: 'price_pack_standard',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      PUBLISH_ALLOWED_HOSTS: '127.0.0.1',
      RATE_LIMIT_MAX: '10000000',
      UPLOAD_MAX_BYTES: String(1024 * 1024),
      WORKER_LOCK_DURATION_MS: '1000',
      JOB_BACKOFF_MS: '200',
      MAINTENANCE_INTERVAL_S: '2',
      ...extra,
    };
  }

  async startApi(name: string, target: StackTarget, extra: Record<string, string> = {}): Promise<ApiProcess> {
    const started = startProcess(API_ENTRY, { ...this.env(target, extra), PORT: '0' });
    this.processes.push({ name, process: started, scanned: true });
    const [, port] = await waitForOutput(started, /"msg":"api listening","port":(\d+)/, 60_000, `the ${name} process to listen`);
    return { process: started, url: `http://127.0.0.1:${port}` };
  }

  async startWorker(name: string, target: StackTarget, extra: Record<string, string> = {}): Promise<RunningProcess> {
    const started = startProcess(WORKER_ENTRY, this.env(target, extra));
    this.processes.push({ name, process: started, scanned: true });
    await waitForOutput(started, /worker started/, 60_000, `the ${name} process to start`);
    return started;
  }

  /** A new user with an every-scope API key, made by the real CLI. */
  async user(api: ApiProcess, tag: string): Promise<ChaosUser> {
    const login = `chaos-${tag}-${randomBytes(3).toString('hex')}`;
    const cli = startProcess(CLI_ENTRY, this.env(this.main), ['user:create', login]);
    // Not scanned: printing the new key is what the command is for.
    this.processes.push({ name: 'cli', process: cli, scanned: false });
    if ((await cli.exited) !== 0) throw new Error(`user:create failed: ${cli.output().slice(-1000)}`);
    const apiKey = cli.output().trim().split('\n').at(-1)!.trim();
    this.secrets.push(apiKey);
    const auth = { Authorization: `Bearer ${apiKey}` };
    const me = await fetch(`${api.url}/api/v1/me`, { headers: auth });
    if (me.status !== 200) throw new Error(`GET /me for a new user answered ${me.status}`);
    const { id } = (await me.json()) as { id: string };
    return { login, id, apiKey, auth };
  }

  /** All output of every API and worker process of the run. */
  logs(): string {
    return this.processes
      .filter(({ scanned }) => scanned)
      .map(({ process: running }) => running.output())
      .join('\n');
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the chaos suite runs under the test harness's global setup)`);
  return value;
}

/** JSON call helper: the answer's status, headers and parsed body (text when not JSON). */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { auth?: Record<string, string>; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ status: number; headers: Headers; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { ...options.auth, ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: options.signal ?? AbortSignal.timeout(30_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A source text long enough to write about, with the run's marker and an e-mail address in it. */
export function sourceText(sample: string, index = 0): string {
  return `${sample}\n\nContact ${MARKER_EMAIL} about ${MARKER} note ${index}.`;
}
