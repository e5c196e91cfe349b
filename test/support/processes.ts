import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
}

/** Starts a built entry point (dist/…) as a real process with the test environment plus overrides. */
export function startProcess(entry: string, env: Record<string, string | undefined> = {}, args: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls until `probe` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const isRunning = (running: RunningProcess) => running.child.exitCode === null && running.child.signalCode === null;

/**
 * Waits for a line of the process's output to match `pattern` and returns the match; fails at once,
 * with the end of the output, if the process exits first.
 */
export async function waitForOutput(running: RunningProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
  return waitFor(() => {
    const match = pattern.exec(running.output());
    if (match) return match;
    if (!isRunning(running)) throw new Error(`the process exited before ${what}:\n${running.output().slice(-2000)}`);
    return undefined;
  }, timeoutMs, what);
}

/** Ends the process (SIGTERM, then SIGKILL after `graceMs`) unless it already ended. */
export async function stopProcess(running: RunningProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(running)) return;
  running.child.kill('SIGCONT'); // a stopped process cannot act on SIGTERM
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  await running.exited;
  clearTimeout(timer);
}
