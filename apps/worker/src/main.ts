import 'reflect-metadata';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { runMain } from '@app/shared';
import { workerConfig } from './worker.config.js';

runMain('worker', async () => {
  // Imported here so that anything failing while the modules load ends in the catch below; an
  // invalid environment stops createApplicationContext, naming every bad variable.
  const { WorkerModule } = await import('./worker.module.js');
  const { JobsProcessor } = await import('./jobs/jobs.processor.js');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const worker = app.get(JobsProcessor).worker;
  const graceMs = app.get<ConfigType<typeof workerConfig>>(workerConfig.KEY).shutdownGraceMs;

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'worker stopping: no new jobs, finishing active ones', signal });
    // Past the grace period, active jobs are released (their lock lapses and another worker
    // takes them over; finished steps are not redone).
    const force = setTimeout(() => void worker.close(true), graceMs);
    await worker.close();
    clearTimeout(force);
    await app.close();
    logger.log({ msg: 'worker stopped', signal });
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
  logger.log({ msg: 'worker started', pid: process.pid });
});
