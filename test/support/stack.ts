import type { SeededUser } from './accounts.js';
import type { TestApi } from './api.js';
import { startProcess, waitFor, type RunningProcess } from './processes.js';

export interface TestStack {
  api: TestApi;
  worker: RunningProcess;
  /** Waits for the job to reach `status`; fails at once if it finishes otherwise. */
  job(owner: SeededUser, jobId: string, status: string, timeoutMs?: number): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/**
 * The API in-process and a real worker process from dist/, both on this environment. The
 * environment is set before the app's modules are imported, since configuration is read then.
 */
export async function bootStack(env: Record<string, string>): Promise<TestStack> {
  Object.assign(process.env, env);
  const { bootApi } = await import('./api.js');
  const api = await bootApi();
  const worker = startProcess('dist/apps/worker/src/main.js', { LOG_LEVEL: 'info' });
  await waitFor(() => worker.output().includes('worker started'), 30_000, 'worker start');
  return {
    api,
    worker,
    job: (owner, jobId, status, timeoutMs = 30_000) =>
      waitFor(async () => {
        const res = await api.http.get(`/api/v1/jobs/${jobId}`).set(owner.auth);
        if (res.body.status !== status && ['succeeded', 'failed', 'canceled'].includes(res.body.status)) {
          throw new Error(`job ${jobId} ended ${res.body.status}: ${JSON.stringify(res.body.error ?? res.body.output)}`);
        }
        return res.body.status === status ? res.body : undefined;
      }, timeoutMs, `job ${jobId} to be ${status}`),
    close: async () => {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await api.close();
    },
  };
}
