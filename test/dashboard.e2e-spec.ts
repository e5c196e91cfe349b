import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startProcess, waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core) against the built
 * API serving the built dashboard, a worker and the Stripe fake. Screenshots of each page go to
 * test-output/dashboard/.
 */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-output/dashboard';
const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');
const present = existsSync(CHROMIUM);
if (!present) console.warn(`dashboard browser tests SKIPPED: no ${CHROMIUM} (install Debian's chromium package: apt-get install -y chromium)`);

/** `npm run cli -- user:login <login>`: the link's path and query (the API runs on a test port, not PUBLIC_URL). */
async function loginPath(login: string): Promise<string> {
  const cli = startProcess('dist/apps/cli/src/main.js', {}, ['user:login', login]);
  const code = await cli.exited;
  if (code !== 0) throw new Error(`user:login failed: ${cli.output()}`);
  const link = new URL(cli.output().trim().split('\n').at(-1)!);
  return `${link.pathname}${link.search}`;
}

(present ? describe : describe.skip)('dashboard in a browser', () => {
  const stack = useStack({
    api: 'process',
    worker: true,
    fakes: { stripe: true, wordpress: true },
    // The fake blog runs on 127.0.0.1: allow-listed for publishing, as in test/publishing.e2e-spec.ts.
    env: { PUBLISH_ALLOWED_HOSTS: '127.0.0.1', STRIPE_WEBHOOK_SECRET: 'whsec_dashboard', STRIPE_PRICE_SUBSCRIPTION: 'price_pro_monthly', STRIPE_PRICE_CREDIT_PACK: 'price_pack_standard', RATE_LIMIT_MAX: '10000' },
  });
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const state: { documentId?: string; jobId?: string; postId?: string } = {};
  const links: Record<'alice' | 'bob', string> = { alice: '', bob: '' };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (!existsSync('dist/web/index.html')) throw new Error('dist/web is missing: run `npm run build` (npm test builds it)');
    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'scriptorium-chromium-'));
    const { chromium } = await import('playwright-core');
    // The two login links are printed while the browser starts (each CLI run boots the app's modules).
    [context, links.alice, links.bob] = await Promise.all([
      chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, baseURL: stack.url, acceptDownloads: true }),
      loginPath('dashboard-alice'),
      loginPath('dashboard-bob'),
    ]);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('signs in with a one-time login link and lands on the dashboard', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Scriptorium' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with GitHub' }).waitFor();
    await shot('sign-in');
    await page.goto(links.alice);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('signed-in-as').filter({ hasText: 'dashboard-alice' }).waitFor();
    await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
    // The API keeps its own answers beside the dashboard.
    expect((await page.request.get('/api/v1/nope')).status()).toBe(404);
    expect((await page.request.get('/healthz')).status()).toBe(200);
    // A client route gets the page; a missing built file is a 404, not the page in its place.
    const route = await page.request.get('/documents/anything');
    expect([route.status(), route.headers()['content-type']]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    expect((await page.request.get('/assets/index-missing.js')).status()).toBe(404);
  });

  it('pastes a document', async () => {
    await page.getByLabel('Title').fill('Sourdough at home');
    await page.getByLabel('Text', { exact: true }).fill(SAMPLE);
    await page.getByRole('button', { name: 'Save document' }).click();
    await page.getByRole('heading', { name: 'Sourdough at home' }).waitFor();
    state.documentId = new URL(page.url()).pathname.split('/').at(-1);
    await page.getByLabel('Document text').waitFor();
    await shot('document');
  });

  it('uploads files with a progress bar each, and a clear error for a file it cannot read', async () => {
    await page.goto('/');
    await page.getByRole('tab', { name: 'Upload files' }).click();
    await page.getByLabel('Files to upload').setInputFiles([
      { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from(`# Notes on baking\n\n${SAMPLE.slice(0, 3000)}`) },
      { name: 'broken.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 9]) },
    ]);
    const done = page.locator('li[data-upload-state="done"]');
    await done.waitFor();
    expect(await done.getByRole('progressbar').getAttribute('value')).toBe('1');
    await expect(done.textContent()).resolves.toContain('notes.md');
    const failed = page.locator('li[data-upload-state="failed"]');
    await failed.waitFor();
    await expect(failed.getByRole('alert').textContent()).resolves.toMatch(/not supported/);
    await shot('documents-upload');
    // Search as you type (server side).
    await page.getByRole('searchbox').fill('sourdough');
    await page.locator('tbody tr').filter({ hasText: 'Sourdough at home' }).waitFor();
    await page.getByRole('searchbox').fill('no such title');
    await page.getByText('No document matches.').waitFor();
  });

  it('writes a post from the document with a price quote first, and watches its steps finish live', async () => {
    const streams: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/jobs\/[^/]+\/events$/.test(new URL(request.url()).pathname)) streams.push(request.url());
    });
    await page.goto(`/jobs/new?document=${state.documentId}`);
    await page.getByLabel('Chapters').fill('3');
    await page.getByLabel('Spending cap for this post ($)').fill('abc');
    await page.getByRole('button', { name: 'Get a price quote' }).click();
    await page.getByText('An amount in dollars').waitFor();
    await page.getByLabel('Spending cap for this post ($)').fill('2.00');
    await page.getByRole('button', { name: 'Get a price quote' }).click();
    await page.getByRole('region', { name: 'Price quote' }).waitFor();
    await shot('write-post');
    await page.getByRole('button', { name: 'Start writing' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    state.jobId = new URL(page.url()).pathname.split('/').at(-1);
    await page.locator('h1 .badge.succeeded').waitFor({ timeout: 30_000 });
    const steps = page.locator('tr[data-step]');
    expect(await steps.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('tr[data-step][data-state="succeeded"]').count()).toBe(await steps.count());
    expect(streams.length).toBeGreaterThan(0);
    await shot('job');
    await page.getByRole('link', { name: 'Open the post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    state.postId = new URL(page.url()).pathname.split('/').at(-1);
  });

  it('edits the post with live SEO counters, saves a version, restores the first one and exports it', async () => {
    await page.goto(`/posts/${state.postId}`);
    const title = page.getByLabel('SEO title');
    const original = await title.inputValue();
    await title.fill('A'.repeat(61));
    await page.getByText('61 / 60').waitFor();
    await title.fill('Sourdough, edited in the browser');
    await page.getByText(`${'Sourdough, edited in the browser'.length} / 60`).waitFor();
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();
    await page.getByLabel('Preview').locator('h1, h2').first().waitFor();
    await shot('editor');

    await page.getByRole('button', { name: 'Version 1' }).click();
    await page.getByLabel('Differences').waitFor();
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 3.' }).waitFor();
    expect(await title.inputValue()).toBe(original);
    await shot('editor-restored');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export md' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const markdown = readFileSync((await file.path())!, 'utf8');
    expect(markdown).toContain(original);
  });

  it('connects a WordPress blog, after which the editor publishes the post to it', async () => {
    const { wordpress } = stack.fakes;
    await page.goto('/integrations');
    await page.getByLabel('Site URL').fill(wordpress.origin);
    await page.getByLabel('WordPress user').fill(wordpress.username);
    await page.getByLabel('Application password').fill(wordpress.applicationPassword);
    await page.getByLabel('Blog name').fill('Test blog');
    await page.getByRole('button', { name: 'Connect blog' }).click();
    await page.getByRole('button', { name: 'Disconnect Test blog' }).waitFor();
    await page.goto(`/posts/${state.postId}`);
    await page.getByRole('region', { name: 'Publish' }).getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await page.locator('h1 .badge.succeeded').waitFor({ timeout: 30_000 });
    expect(wordpress.posts.size).toBe(1);
    await shot('published');
  });

  it('shows the usage of the run and starts Stripe Checkout on the fake', async () => {
    await page.goto('/usage');
    const byStep = page.getByTestId('usage-step');
    await byStep.locator('table').waitFor();
    await expect(byStep.textContent()).resolves.toMatch(/outline/);
    await page.getByTestId('plan').waitFor();
    await page.getByRole('table', { name: 'Credits ledger' }).waitFor();
    await shot('usage');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('usage-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // Stripe's hosted page is not on this machine: answer its address with a stand-in page.
    await page.route('https://checkout.stripe.test/**', (route) => route.fulfill({ contentType: 'text/html', body: '<h1>Stripe Checkout (stand-in)</h1>' }));
    await page.getByRole('button', { name: 'Upgrade' }).click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    expect(stack.fakes.stripe.requests.some((request) => request.path === '/v1/checkout/sessions')).toBe(true);
  });

  it('creates an API key shown once, and revokes it', async () => {
    await page.goto('/integrations');
    await page.getByLabel('Key name').fill('browser key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-api-key').textContent())!;
    expect(secret).toMatch(/^scr_/);
    const me = await fetch(`${stack.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    await shot('integrations');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke browser key' }).click();
    await page.locator('tr[data-key-name="browser key"]').waitFor({ state: 'detached' });
    await waitFor(async () => (await fetch(`${stack.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status === 401, 5_000, 'the key to stop working');
  });

  it('does not show another tenant its documents', async () => {
    await context.clearCookies();
    await page.goto(links.bob);
    await page.getByTestId('signed-in-as').filter({ hasText: 'dashboard-bob' }).waitFor();
    await page.getByText('No documents yet').waitFor();
    expect(await page.getByText('Sourdough at home').count()).toBe(0);
    await page.goto(`/documents/${state.documentId}`);
    await page.getByRole('alert').filter({ hasText: 'could not be opened' }).waitFor();
    expect(await page.getByText(SAMPLE.slice(0, 40)).count()).toBe(0);
    await shot('other-tenant');
  });
});
