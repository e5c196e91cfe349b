// `npm run bench`: runs the benchmark sections in bench/ (each `bench/<name>.bench.mjs` exports
// `run()`), prints their figures as one JSON object on stdout, and on stderr a short summary per
// section and one table of every figure with its goal and whether it was met (from each section's
// `figures()`, else its `met`). `npm run bench -- ingestion` runs one section. With BENCH_STRICT=1
// the exit code is 1 when a goal is missed.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../bench');
const SUFFIX = '.bench.mjs';

const available = readdirSync(BENCH_DIR)
  .filter((file) => file.endsWith(SUFFIX))
  .map((file) => file.slice(0, -SUFFIX.length))
  .sort();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

const strict = process.env.BENCH_STRICT === '1';
const results = {};
const misses = [];
const rows = [];
for (const name of requested.length > 0 ? requested : available) {
  const section = await import(pathToFileURL(join(BENCH_DIR, `${name}${SUFFIX}`)).href);
  console.error(`bench: ${name}…`);
  const started = Date.now();
  try {
    results[name] = await section.run();
  } catch (error) {
    console.error(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    continue;
  }
  console.error(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (section.summary) console.error(section.summary(results[name]));
  for (const miss of section.wideMisses?.(results[name]) ?? []) misses.push(`${name}: ${miss}`);
  rows.push(...figuresOf(name, section, results[name]));
}

process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
console.error(`\n${table(rows)}`);
const missed = rows.filter((row) => !row.met);
if (missed.length > 0) {
  console.error(`goals missed: ${missed.map((row) => `${row.section}: ${row.figure} ${row.value}`).join('; ')}`);
  if (misses.length > 0) console.error(`by a wide margin: ${misses.join('; ')}`);
  if (strict) process.exitCode = 1;
}

/** A section's rows: its own `figures(result)`, else one row per entry of `result.met`. */
function figuresOf(name, section, result) {
  const own = section.figures?.(result);
  const list = own ?? Object.entries(result?.met ?? {}).map(([figure, met]) => ({ figure, value: '', goal: 'see JSON', met }));
  return list.map((row) => ({ section: name, ...row }));
}

function table(list) {
  const header = { section: 'section', figure: 'figure', value: 'value', goal: 'goal', met: 'met' };
  const cells = [header, ...list.map((row) => ({ ...row, value: String(row.value), met: row.met ? 'met' : 'MISSED' }))];
  const widths = Object.keys(header).map((column) => Math.max(...cells.map((row) => String(row[column]).length)));
  const line = (row) => Object.keys(header).map((column, index) => String(row[column]).padEnd(widths[index])).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
