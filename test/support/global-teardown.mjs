import { rm } from 'node:fs/promises';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from './test-env.mjs';

/** Drops this run's databases, Redis keys and files. */
export default async function globalTeardown() {
  const database = process.env.TEST_DATABASE_NAME;
  if (database && !process.env.KEEP_TEST_DATABASE) {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      // The run's database, its template and the suites' own copies (named after it).
      const { rows } = await admin.query('select datname from pg_database where left(datname, length($1)) = $1', [database]);
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await admin.end();
    }
  }
  const prefix = process.env.REDIS_PREFIX;
  if (prefix?.startsWith('scriptorium_test_')) {
    const redis = new Redis(TEST_REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
  if (process.env.STORAGE_DIR?.startsWith('/tmp/scriptorium_test_')) {
    await rm(process.env.STORAGE_DIR, { recursive: true, force: true });
  }
}
