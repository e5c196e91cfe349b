// Names shared by the global setup, teardown and the tests: one database and one Redis prefix per run.
export const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrlFor(name) {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The migrated database a run's databases are copied from (never connected to by tests). */
export function templateDatabaseOf(database) {
  return `${database}_template`;
}
