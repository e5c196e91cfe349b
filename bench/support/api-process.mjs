// Runs the built API as its own process (PORT=0) and finds the port it listens on through /proc,
// since at LOG_LEVEL=warn it logs nothing on start.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup } from './cleanup.mjs';
import { API_MAIN, NODE, ROOT } from './paths.mjs';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startApi(env) {
  // As `npm run start:api`, the Dockerfile and docker-compose.yml start it.
  const child = spawn(NODE, ['--max-semi-space-size=8', API_MAIN], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = onCleanup(`api process ${child.pid}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
    if ((await Promise.race([exited, timer])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  let port;
  while (port === undefined) {
    if (child.exitCode !== null) throw new Error(`the API exited on start (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`the API did not listen within ${START_TIMEOUT_MS} ms:\n${output}`);
    port = listeningPort(child.pid);
    if (port === undefined) await sleep(100);
  }
  while ((await status(port, '/readyz')) !== 200) {
    if (Date.now() > deadline) throw new Error(`the API never became ready:\n${output}`);
    await sleep(200);
  }
  return { pid: child.pid, port, stop, output: () => output };
}

/** The TCP port a process listens on: its socket inodes matched against /proc/<pid>/net/tcp{,6}. */
function listeningPort(pid) {
  let inodes;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter(Boolean),
    );
  } catch {
    return undefined;
  }
  for (const table of ['tcp', 'tcp6']) {
    let lines;
    try {
      lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const LISTEN = '0A';
      if (fields[3] === LISTEN && inodes.has(fields[9])) return parseInt(fields[1].split(':')[1], 16);
    }
  }
  return undefined;
}

function status(port, path) {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(0));
    request.on('timeout', () => request.destroy());
  });
}
