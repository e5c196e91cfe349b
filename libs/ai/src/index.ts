export { AiModule } from './ai.module.js';
export * from './models/index.js';
export * from './extractive/index.js';
export * from './steps/index.js';
export { StepRunner, type StepRun } from './step-jobs/step-runner.service.js';
export { STEP_JOB_HANDLERS, STEP_NAMES } from './step-jobs/step-job.handlers.js';
