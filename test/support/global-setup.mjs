import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL, databaseUrlFor } from './test-env.mjs';

/** Creates this run's database, migrates it with the real `db:migrate`, and points every test at it. */
export default async function globalSetup() {
  const run = `${Date.now().toString(36)}_${process.pid}`;
  const database = `scriptorium_test_${run}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrlFor(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `scriptorium_test_${run}`,
    STORAGE_DIR: `/tmp/scriptorium_test_${run}`,
    TEST_DATABASE_NAME: database,
  });
  execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'db:migrate'], { stdio: 'inherit', env: process.env });
}
