// A database, Redis prefix and storage directory of the bench's own, like the test setup makes:
// created and migrated here, removed again by the cleanup it registers.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { onCleanup } from './cleanup.mjs';
import { CLI_MAIN, NODE, ROOT } from './paths.mjs';

const ADMIN_DATABASE_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Creates + migrates a database, picks a Redis prefix and a temp STORAGE_DIR; returns the env for the app's processes. */
export async function createThrowawayEnvironment(extra = {}) {
  const run = `${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `scriptorium_bench_${run}`;
  const prefix = `scriptorium_bench_${run}`;

  await adminQuery(`create database "${database}"`);
  onCleanup(`drop database ${database}`, () => adminQuery(`drop database if exists "${database}" with (force)`));
  onCleanup(`redis keys ${prefix}*`, () => deleteRedisKeys(prefix));
  const storageDir = await mkdtemp(join(tmpdir(), 'scriptorium_bench_storage_'));
  onCleanup(`storage ${storageDir}`, () => rm(storageDir, { recursive: true, force: true }));

  const databaseUrl = new URL(ADMIN_DATABASE_URL);
  databaseUrl.pathname = `/${database}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    STORAGE_DIR: storageDir,
    ...extra,
  };
  runCli(env, ['db:migrate']);
  return { env, database, prefix, storageDir };
}

/** Creates a user with an all-scopes API key; returns the key (the CLI's last stdout line). */
export function createUserWithKey(env) {
  const login = `bench-${randomBytes(4).toString('hex')}`;
  const stdout = runCli(env, ['user:create', login]);
  const key = stdout.trim().split('\n').at(-1)?.trim();
  if (!key?.startsWith('scr_')) throw new Error(`user:create printed no API key:\n${stdout}`);
  return { login, key };
}

function runCli(env, args) {
  const result = spawnSync(NODE, [CLI_MAIN, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
