import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess, waitForOutput } from './support/processes.js';

@Injectable()
class NeedsWhatNobodyProvides {
  constructor(@Inject('NOT_PROVIDED') readonly missing: unknown) {}
}

@Injectable()
class FailsToInit {
  onModuleInit(): never {
    throw new Error('init failed on purpose');
  }
}

/** Open TCP connections of this process (Postgres and Redis clients among them). */
const openSockets = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

/** A boot that fails must not leave connections open: they keep the test process from ending. */
describe('a stack that fails to boot', () => {
  it.each([
    ['its module does not compile', NeedsWhatNobodyProvides, /can't resolve dependencies of the NeedsWhatNobodyProvides/],
    ['a provider fails to init', FailsToInit, /init failed on purpose/],
  ])('rejects and closes what it opened when %s', async (_case, provider, message) => {
    const { bootApi } = await import('./support/api.js');
    const before = openSockets();
    await expect(bootApi({ providers: [provider] })).rejects.toThrow(message);
    await sleep(200); // sockets leave the list once their close has gone through
    expect(openSockets()).toBeLessThanOrEqual(before);
  });

  it('stops waiting for a process that exits before it is ready, and shows its output', async () => {
    const started = Date.now();
    const worker = startProcess('dist/apps/worker/src/main.js', { WORKER_CONCURRENCY: 'lots' });
    await expect(waitForOutput(worker, /worker started/, 30_000, 'the worker to start')).rejects.toThrow(/WORKER_CONCURRENCY must be an integer number/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
