/** The abort reason of a job that ran past JOB_TIMEOUT_S: the job ends failed with code `timeout`. */
export class JobTimedOut extends Error {
  constructor(readonly limitS: number) {
    super(`the job ran longer than ${limitS} s (JOB_TIMEOUT_S) and was stopped`);
    this.name = 'JobTimedOut';
  }
}
