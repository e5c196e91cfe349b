import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { stopProcess } from '../support/processes.js';
import { APP_SECRET, call, MARKER, MARKER_EMAIL, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, type ApiProcess, type ChaosUser, type ChaosWorld } from './harness.js';
import { Generator, loadOperations } from './r5-fuzz.js';
import { Figures } from './report.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- API answers */

/** The owner's resources of every kind an id names. */
export interface OwnedIds {
  job: string;
  document: string;
  post: string;
  brandVoice: string;
  media: string;
  variant: string;
  webhookEndpoint: string;
  delivery: string;
  apiKey: string;
  publishTarget: string;
  batch: string;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** What the owner is given before the worker runs: a brand voice, a webhook endpoint and an uploaded image. */
export interface PreparedResources {
  brandVoice: string;
  webhookEndpoint: string;
  publishTarget: string;
}

/**
 * Gives the owner a brand voice, a webhook endpoint and an image upload, before R1's workers run:
 * they make the image a media item and send the endpoint deliveries of the finished jobs.
 */
export async function prepareResources(world: ChaosWorld, api: ApiProcess, owner: ChaosUser): Promise<PreparedResources> {
  const voice = await call(api.url, 'POST', '/api/v1/brand-voices', { auth: owner.auth, body: { name: `Voice ${MARKER}`, description: `Write to ${MARKER_EMAIL}` } });
  const endpoint = await call(api.url, 'POST', '/api/v1/webhook-endpoints', { auth: owner.auth, body: { url: world.receiver.hook('owner'), events: ['job.succeeded', 'job.failed'] } });
  const target = await call(api.url, 'POST', '/api/v1/publish-targets', {
    auth: owner.auth,
    body: { kind: 'wordpress', name: `Blog ${MARKER}`, url: new URL(world.receiver.hook('blog')).origin, username: 'owner', application_password: 'abcd efgh ijkl mnop qrst uvwx' },
  });
  if (voice.status !== 201 || endpoint.status !== 201 || target.status !== 201) {
    throw new Error(`brand voice ${voice.status}, webhook endpoint ${endpoint.status}, publish target ${target.status}`);
  }
  world.secrets.push(endpoint.body.secret, 'abcd efgh ijkl mnop qrst uvwx');
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0ffee' } }).png().toBuffer();
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
  const uploaded = await fetch(`${api.url}/api/v1/documents/upload`, { method: 'POST', headers: owner.auth, body: form });
  if (uploaded.status !== 202) throw new Error(`image upload answered ${uploaded.status}`);
  return { brandVoice: voice.body.id, webhookEndpoint: endpoint.body.id, publishTarget: target.body.id };
}

/** Every kind of id of the owner's (a worker is started when the upload or a delivery is still pending). */
export async function ownResources(world: ChaosWorld, api: ApiProcess, owner: ChaosUser, prepared: PreparedResources): Promise<OwnedIds> {
  const get = async (path: string) => {
    const res = await call(api.url, 'GET', path, { auth: owner.auth });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    return res.body;
  };
  const pending = async () => {
    const media = ((await get('/api/v1/media')).items as any[])[0];
    const delivery = ((await get(`/api/v1/webhook-endpoints/${prepared.webhookEndpoint}/deliveries`)).items as any[])[0];
    return media && delivery ? { media, delivery } : undefined;
  };
  let found = await pending();
  if (!found) {
    const worker = await world.startWorker('worker R6', world.main);
    try {
      found = await until('the image to become media and a webhook delivery', pending);
    } finally {
      await stopProcess(worker);
    }
  }
  const mediaItem = await get(`/api/v1/media/${found.media.id}`);
  const jobs = (await get('/api/v1/jobs')).items as any[];
  const posts = (await get('/api/v1/posts')).items as any[];
  const documents = (await get('/api/v1/documents')).items as any[];
  const keys = (await get('/api/v1/api-keys')).items as any[];
  if (!jobs[0] || !posts[0] || !documents[0] || !keys[0]) throw new Error('the owner has no job, post, document or key to probe with');
  // A batch made now stays queued (no worker runs on this stack any more): its id is all R6 needs.
  const batch = await call(api.url, 'POST', '/api/v1/batches', { auth: owner.auth, body: { document_ids: [documents[0].id] } });
  if (batch.status !== 202) throw new Error(`POST /api/v1/batches answered ${batch.status}`);
  return {
    job: jobs[0].id,
    document: documents[0].id,
    post: posts[0].id,
    brandVoice: prepared.brandVoice,
    media: found.media.id,
    variant: mediaItem.variants?.[0]?.name ?? 'original',
    webhookEndpoint: prepared.webhookEndpoint,
    delivery: found.delivery.id,
    apiKey: keys[0].id,
    publishTarget: prepared.publishTarget,
    batch: batch.body.job_id ?? batch.body.id,
  };
}

/** The owner's id for a path parameter, by the collection it names. */
function idFor(path: string, param: string, ids: OwnedIds): string {
  if (param === 'delivery_id') return ids.delivery;
  if (param === 'variant') return ids.variant;
  if (param === 'index') return '0';
  const collection = path.split('/')[3];
  const byCollection: Record<string, string> = {
    jobs: ids.job,
    documents: ids.document,
    posts: ids.post,
    'brand-voices': ids.brandVoice,
    media: ids.media,
    'webhook-endpoints': ids.webhookEndpoint,
    'api-keys': ids.apiKey,
    'publish-targets': ids.publishTarget,
    batches: ids.batch,
  };
  const id = byCollection[collection ?? ''];
  if (!id) throw new Error(`no owned id for {${param}} of ${path}`);
  return id;
}

/** Requests that name the owner's ids in their body. */
function bodyProbes(ids: OwnedIds): { path: string; body: Record<string, unknown> }[] {
  const outline = { title: 'T', chapters: [{ title: 'A', summary: 'a' }] };
  return [
    { path: '/api/v1/pipelines/generate_blog', body: { document_id: ids.document } },
    { path: '/api/v1/pipelines/generate_blog', body: { text: 'A text to write about, long enough for a post.', options: { brand_voice_id: ids.brandVoice } } },
    { path: '/api/v1/steps/outline.generate', body: { document_id: ids.document } },
    { path: '/api/v1/steps/chapters.organize', body: { document_id: ids.document } },
    { path: '/api/v1/steps/seo.generate', body: { document_id: ids.document } },
    { path: '/api/v1/steps/blog.compose', body: { outline, document_id: ids.document } },
    { path: '/api/v1/steps/blog.compose', body: { outline, text: 'Source.', brand_voice_id: ids.brandVoice } },
    { path: '/api/v1/steps/document.persist', body: { document_id: ids.document, fields: { text: 'overwritten' }, version: 1 } },
    { path: '/api/v1/steps/images.generate', body: { images: [{ chapter_index: 0, prompt: 'p', alt_text: 'a', media_id: ids.media }] } },
  ];
}

/**
 * R6: another tenant calls every id-taking route (and every body that names an id) with the
 * owner's ids: each must answer 404, and the owner's resources must be unchanged after.
 */
export async function tenantProbes(api: ApiProcess, owner: ChaosUser, intruder: ChaosUser, ids: OwnedIds): Promise<Figures> {
  const figures = new Figures('R6 tenants and logs');
  const { doc, operations } = loadOperations();
  const generator = new Generator(doc, intruder.apiKey);
  const answers: { what: string; status: number }[] = [];
  for (const op of operations.filter((candidate) => candidate.path.includes('{'))) {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, param: string) => idFor(op.path, param, ids));
    const body = generator.bodySchema(op);
    const res = await fetch(`${api.url}${path}`, {
      method: op.method,
      headers: { ...intruder.auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(generator.valid(body.schema)) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });
    await res.body?.cancel();
    answers.push({ what: `${op.method} ${op.path}`, status: res.status });
  }
  for (const probe of bodyProbes(ids)) {
    const res = await call(api.url, 'POST', probe.path, { auth: intruder.auth, body: probe.body });
    answers.push({ what: `POST ${probe.path} ${Object.keys(probe.body).join(',')}`, status: res.status });
  }
  const owned = await call(api.url, 'GET', `/api/v1/media/${ids.media}`, { auth: owner.auth });
  const stillThere = await Promise.all(
    [`/api/v1/jobs/${ids.job}`, `/api/v1/documents/${ids.document}`, `/api/v1/posts/${ids.post}`, `/api/v1/brand-voices/${ids.brandVoice}`, `/api/v1/media/${ids.media}`, `/api/v1/webhook-endpoints/${ids.webhookEndpoint}`].map(
      async (path) => (await call(api.url, 'GET', path, { auth: owner.auth })).status,
    ),
  );
  const wrong = answers.filter((answer) => answer.status !== 404);
  figures.info('cross-tenant requests', answers.length);
  figures.equal('answers other than 404', wrong.length, 0);
  for (const answer of wrong.slice(0, 10)) figures.info(`answered ${answer.status}`, answer.what);
  figures.equal("owner's resources changed or gone", stillThere.filter((status) => status !== 200).length + (owned.status === 200 ? 0 : 1), 0);
  return figures;
}

/** The log scan: the output of every process of the run holds no document text, e-mail or secret. */
export function logScan(world: ChaosWorld, figures = new Figures('R6 tenants and logs')): Figures {
  const logs = world.logs();
  const needles: [string, string][] = [
    ['document marker text', MARKER],
    ['e-mail address', MARKER_EMAIL],
    ['APP_SECRET', APP_SECRET],
    ['Stripe secret key', STRIPE_SECRET_KEY],
    ['Stripe webhook secret', STRIPE_WEBHOOK_SECRET],
    ['model API key', world.chat.apiKey],
    ...world.secrets.map((secret, i): [string, string] => [`API key or signing secret #${i + 1}`, secret]),
  ];
  let hits = 0;
  for (const [what, needle] of needles) {
    const count = logs.split(needle).length - 1;
    if (count > 0) {
      hits += count;
      const at = logs.indexOf(needle);
      figures.info(`log hit: ${what}`, `${count}× e.g. …${logs.slice(Math.max(0, at - 120), at).replace(/\s+/g, ' ')}[…]`);
    }
  }
  figures.info('log lines scanned / secrets looked for', `${logs.split('\n').length} / ${needles.length}`);
  figures.equal('log hits (marker text, e-mails, secrets)', hits, 0);
  return figures;
}
