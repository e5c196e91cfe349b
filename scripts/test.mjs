// `npm test`: build (the e2e tests start the built worker and CLI as real processes, and the browser
// test opens the built dashboard), then jest.
// Extra arguments go to jest: `npm test -- test/worker.e2e-spec.ts`.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', 'api']);
// The dashboard's browser test drives the API serving the built dashboard (a few seconds).
run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']);
run(process.execPath, [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  ...process.argv.slice(2),
]);
