// Resident memory of another process, from /proc/<pid>/status (Linux).
import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

const MIB = 1024 * 1024;

/** VmRSS of `pid` in MiB, or undefined once the process is gone. */
export function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? (Number(match[1]) * 1024) / MIB : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS of `pid` every `intervalMs` until `stop()`, which returns the peak, mean and sample count. */
export function sampleRss(pid, intervalMs = 50) {
  const samples = [];
  const take = () => {
    const value = rssMb(pid);
    if (value !== undefined) samples.push(value);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        peak: Math.max(...samples),
        mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
        samples: samples.length,
      };
    },
  };
}
