/** Raised at a step boundary once the job was asked to cancel: a signal, not a failure. */
export class JobCanceled extends Error {
  constructor() {
    super('job canceled');
    this.name = 'JobCanceled';
  }
}
