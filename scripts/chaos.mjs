// `npm run chaos`: the full chaos run (README, "Chaos"). Builds dist/ when it is missing (or with
// --build), then runs the chaos scenarios (test/chaos/) through the test harness, which creates the
// run's own database; the scenarios start their own API, worker and redis-server processes and the
// fakes. Prints the table of figures and exits 1 when any goal is missed.
// `npm run chaos -- --short` does the short run that `npm test` does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const size = args.includes('--short') ? 'short' : 'full';
const report = join(tmpdir(), `scriptorium-chaos-${process.pid}.json`);

function run(command, commandArgs, env = process.env) {
  return spawnSync(command, commandArgs, { stdio: 'inherit', env }).status ?? 1;
}

if (args.includes('--build') || !existsSync('dist/apps/api/src/main.js') || !existsSync('dist/apps/worker/src/main.js')) {
  const built = run(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', 'api']);
  if (built !== 0) process.exit(built);
}

const status = run(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--runInBand', 'test/chaos.e2e-spec.ts'],
  { ...process.env, CHAOS_SIZE: size, CHAOS_REPORT: report, CHAOS_PRINT: '0' },
);

if (!existsSync(report)) {
  console.error('chaos: the run wrote no report (it failed before its scenarios ran)');
  process.exit(1);
}
const { figures, startedAt, finishedAt, machine } = JSON.parse(readFileSync(report, 'utf8'));
rmSync(report, { force: true });
const rows = figures.map((f) => [f.scenario, f.name, String(f.value), f.goal ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED']);
const header = ['scenario', 'figure', 'value', 'goal', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
const missed = figures.filter((f) => f.ok === false);
const print = (text) => process.stdout.write(`${text}\n`);
print(`\nchaos (${size} run) ${startedAt} → ${finishedAt} on ${machine}\n`);
print([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
print(missed.length === 0 ? '\nevery goal met' : `\n${missed.length} goal(s) missed: ${missed.map((f) => `${f.scenario}: ${f.name}`).join('; ')}`);
process.exit(missed.length > 0 || status !== 0 ? 1 : 0);
