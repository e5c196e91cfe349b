/**
 * A failure a job handler reports on purpose: a stable code and a message fit for the user.
 * `retryable: false` ends the job at once instead of spending its remaining attempts.
 */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** Raised at a step boundary once the job was asked to cancel. */
export class JobCanceled extends Error {
  constructor() {
    super('job canceled');
    this.name = 'JobCanceled';
  }
}
