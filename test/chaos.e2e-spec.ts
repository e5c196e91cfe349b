import { workerKills } from './chaos/r1-worker-kills.js';
import { outages } from './chaos/r2-outages.js';
import { idempotencyRaces } from './chaos/r3-idempotency.js';
import { stripeReplays } from './chaos/r4-stripe-replay.js';
import { fuzz } from './chaos/r5-fuzz.js';
import { logScan, ownResources, prepareResources, tenantProbes, type PreparedResources } from './chaos/r6-tenants.js';
import { missed, type Figure } from './chaos/report.js';
import { chaosSize } from './chaos/sizes.js';
import { ChaosRun } from './chaos/suite.js';

/**
 * The chaos suite (README, "Chaos"): the short run here in `npm test`, the full run with
 * `npm run chaos` (CHAOS_SIZE=full). Each scenario reports figures with goals; a missed goal fails
 * its test, and the table of every figure is written at the end.
 */
describe(`chaos (${chaosSize().name} run)`, () => {
  const size = chaosSize();
  const run = new ChaosRun(size);
  const long = size.name === 'full' ? 3_600_000 : 180_000;
  const expectMet = (figures: Figure[]) => expect(missed(figures)).toEqual([]);
  let prepared: PreparedResources | undefined;

  beforeAll(() => run.start(), 300_000);
  afterAll(async () => {
    const summary = run.finish();
    if (process.env.CHAOS_PRINT !== '0') process.stdout.write(`\n${summary}\n`);
    await run.close();
  }, 60_000);

  it('R3: concurrent POSTs with one Idempotency-Key create exactly one job per route', async () => {
    const user = await run.user('r3');
    expectMet(await run.scenario('R3 idempotency races', () => idempotencyRaces(run.api, user, run.db, size, run.text)));
  }, long);

  it('R4: Stripe events replayed and shuffled leave one billing state', async () => {
    expectMet(await run.scenario('R4 Stripe replays', () => stripeReplays(run.api, (tag) => run.user(tag), size)));
  }, long);

  it('R1: a worker killed at random points loses no run, bills nothing twice', async () => {
    // The owner's other resources (R6) are made first: R1's workers process the upload and send webhooks.
    prepared = await prepareResources(run.world, run.api, run.owner);
    expectMet(await run.scenario('R1 worker kill -9', () => workerKills(run.world, run.api, run.owner, run.db, size, run.text)));
  }, long);

  it('R5: the fuzzer over openapi.json gets no 5xx, no exit, problem+json naming the field', async () => {
    const user = await run.user('r5');
    expectMet(await run.scenario('R5 fuzzer', () => fuzz(run.api, user, size)));
  }, long);

  it('R2: Redis stopped and PostgreSQL cut with jobs in flight: 503s only, every job finishes', async () => {
    const user = await run.user('r2');
    expectMet(await run.scenario('R2 Redis and PostgreSQL outages', () => outages(run.world, user, run.db, size, run.text)));
  }, long);

  it("R6: another tenant's ids answer 404 on every route that takes one", async () => {
    const intruder = await run.user('r6');
    expectMet(await run.scenario('R6 tenants and logs', async () => tenantProbes(run.api, run.owner, intruder, await ownResources(run.world, run.api, run.owner, prepared ?? (await prepareResources(run.world, run.api, run.owner))))));
  }, long);

  it('R6: no log of the whole run holds document text, an e-mail address or a secret', async () => {
    expectMet(await run.scenario('R6 tenants and logs', async () => logScan(run.world)));
  }, long);
});
