import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { Db } from './db.js';
import { ChaosWorld, sourceText, type ApiProcess, type ChaosUser } from './harness.js';
import { missed, table, type ChaosReport, type Figure, type Figures } from './report.js';
import type { ChaosSize } from './sizes.js';

export const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');

/**
 * One chaos run: the world every scenario shares (fakes, the main API process, users, a database
 * handle), the figures the scenarios report, and the report written at the end. The e2e file
 * (short run, in `npm test`) and `npm run chaos` (full run) both drive this.
 */
export class ChaosRun {
  readonly world: ChaosWorld;
  readonly figures: Figure[] = [];
  readonly startedAt = new Date();
  db!: Db;
  api!: ApiProcess;
  /** The tenant whose resources the others probe (R6), and who runs R1. */
  owner!: ChaosUser;
  readonly text = sourceText(SAMPLE);
  private readonly users = new Map<string, ChaosUser>();

  constructor(readonly size: ChaosSize) {
    this.world = new ChaosWorld(size.modelLatencyMs);
  }

  async start(): Promise<void> {
    await this.world.start();
    this.db = new Db(this.world.main.databaseUrl);
    this.api = await this.world.startApi('api', this.world.main);
    // Every user the scenarios ask for, made at once (each is a CLI process).
    const tags = ['owner', 'r3', 'r5', 'r6', 'r4-in-order', ...Array.from({ length: this.size.r4Rounds }, (_, i) => `r4-${i + 1}`), 'r2'];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < tags.length) {
          const tag = tags[next++]!;
          this.users.set(tag, await this.world.user(this.api, tag));
        }
      }),
    );
    this.owner = this.users.get('owner')!;
  }

  /** The user made for `tag` at the start (or a new one). */
  async user(tag: string): Promise<ChaosUser> {
    return this.users.get(tag) ?? this.world.user(this.api, tag);
  }

  /** Runs a scenario; a scenario that throws counts as a missed goal. */
  async scenario(name: string, run: () => Promise<Figures>): Promise<Figure[]> {
    let list: Figure[];
    try {
      list = (await run()).list;
    } catch (error) {
      list = [{ scenario: name, name: 'scenario ran to its end', value: error instanceof Error ? error.message.slice(0, 300) : String(error), goal: 'no error', ok: false }];
    }
    this.figures.push(...list);
    return list;
  }

  report(): ChaosReport {
    return {
      size: this.size.name,
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: `${hostname()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      figures: this.figures,
    };
  }

  /** Writes the report (JSON) where CHAOS_REPORT says, and returns the table. */
  finish(): string {
    const report = this.report();
    if (process.env.CHAOS_REPORT) writeFileSync(process.env.CHAOS_REPORT, JSON.stringify(report, null, 2));
    return `${table(report.figures)}\n${missed(report.figures).length === 0 ? 'every goal met' : `${missed(report.figures).length} goal(s) missed`}`;
  }

  async close(): Promise<void> {
    await this.world.close();
    await this.db?.close();
  }
}
