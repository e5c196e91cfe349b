/** One measured figure of a scenario, with its goal when it has one. */
export interface Figure {
  scenario: string;
  name: string;
  value: number | string;
  /** What the figure must be (for the table); absent for figures that are only reported. */
  goal?: string;
  /** Whether the goal was met; absent when there is no goal. */
  ok?: boolean;
}

/** Collects a scenario's figures. */
export class Figures {
  readonly list: Figure[] = [];

  constructor(readonly scenario: string) {}

  /** A figure that is only reported. */
  info(name: string, value: number | string): void {
    this.list.push({ scenario: this.scenario, name, value });
  }

  /** A figure with a goal: `ok` says whether it was met. */
  goal(name: string, value: number | string, goal: string, ok: boolean): void {
    this.list.push({ scenario: this.scenario, name, value, goal, ok });
  }

  /** A figure that must equal `expected`. */
  equal(name: string, value: number | string, expected: number | string): void {
    this.goal(name, value, `= ${expected}`, value === expected);
  }

  atLeast(name: string, value: number, minimum: number): void {
    this.goal(name, value, `≥ ${minimum}`, value >= minimum);
  }
}

export interface ChaosReport {
  size: string;
  startedAt: string;
  finishedAt: string;
  machine: string;
  figures: Figure[];
}

export const missed = (figures: readonly Figure[]) => figures.filter((figure) => figure.ok === false);

/** The figures as a plain-text table, goals marked ✓ or ✗. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [figure.scenario, figure.name, String(figure.value), figure.goal ?? '', figure.ok === undefined ? '' : figure.ok ? 'ok' : 'MISSED']);
  const header = ['', 'figure', 'value', 'goal', ''];
  const widths = header.map((_, column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
