// `npm start`: the local quick start. Builds, creates the database if it is missing, applies
// migrations (the one explicit migration step), then runs the API and the worker together.
// Ctrl-C stops both gracefully.
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';

const env = { ...process.env };

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    console.error(`cannot reach PostgreSQL at ${target.host}: ${error.message}. Start it, or set DATABASE_URL.`);
    process.exit(1);
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`create database "${name.replaceAll('"', '""')}"`);
      console.warn(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** DATABASE_URL as the processes will read it: the database slice's default and check. */
async function databaseUrlOf(environment) {
  await import('reflect-metadata');
  const { databaseConfig } = await import('../dist/libs/shared/src/database/database.config.js');
  try {
    return databaseConfig.from(environment).url;
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

run(['node_modules/@nestjs/cli/bin/nest.js', 'build', 'api']);
// The dashboard the API serves at / (dist/web).
run(['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']);
await ensureDatabase(await databaseUrlOf(env));
run(['dist/apps/cli/src/main.js', 'db:migrate']);

const children = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js'].map((entry) =>
  spawn(process.execPath, [entry], { stdio: 'inherit', env }),
);
let exiting = false;
const stopAll = (signal) => {
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    if (!exiting) stopAll('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exiting ? 0 : (code ?? 1));
  });
}
