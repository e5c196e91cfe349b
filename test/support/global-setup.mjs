import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL, databaseUrlFor, templateDatabaseOf } from './test-env.mjs';

/**
 * Creates this run's database, migrated with the real `db:migrate`, and points every test at it.
 * The migrated schema is kept as a template too, so a suite can have a database of its own in
 * milliseconds (`useStack({ ownDatabase: true })`).
 */
export default async function globalSetup() {
  const run = `${Date.now().toString(36)}_${process.pid}`;
  const database = `scriptorium_test_${run}`;
  const template = templateDatabaseOf(database);
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${template}"`);
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: databaseUrlFor(database),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `scriptorium_test_${run}`,
      STORAGE_DIR: `/tmp/scriptorium_test_${run}`,
      TEST_DATABASE_NAME: database,
    });
    execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'db:migrate'], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrlFor(template) } });
    await admin.query(`create database "${database}" template "${template}"`);
  } finally {
    await admin.end();
  }
}
