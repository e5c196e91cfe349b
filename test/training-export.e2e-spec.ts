import type { IncomingMessage } from 'node:http';
import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { useStack } from './support/use-stack.js';

function binary(res: unknown, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

const local = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** Personal data and secrets a source may hold, each of a kind the export must replace. */
const SECRETS = {
  email: 'jane.doe@example.com',
  phone: '+1 (415) 555-0100',
  apiKey: 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789',
  card: '4111 1111 1111 1111',
  url: 'https://jane:hunter2@git.example.com/bakery.git',
  name: 'Jane Doe',
};
const PERSONAL = `Jane Doe runs the bakery. Write to ${SECRETS.email} or call ${SECRETS.phone} to order. The shop's key is ${SECRETS.apiKey} and it pays with ${SECRETS.card}. The recipes live at ${SECRETS.url} for the team.`;

describe('training-data export', () => {
  const stack = useStack({ worker: true, env: { JOB_ATTEMPTS: '1' } });
  const http = () => stack.api.http;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  async function post(owner: SeededUser, text: string): Promise<string> {
    const res = await http().post('/api/v1/pipelines/generate_blog').set(owner.auth).send({ text, options: { chapters_count: 2 } }).expect(202);
    const job = await stack.job(owner, res.body.job_id, 'succeeded', 60_000);
    return job.output.post_id as string;
  }

  async function exported(owner: SeededUser, body: Record<string, unknown>): Promise<{ output: Record<string, any>; lines: Record<string, any>[] }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await http().post('/api/v1/exports/training').set(owner.auth).send(body).expect(202);
    expect(res.body.type).toBe('export_training');
    const job = await stack.job(owner, res.body.job_id, 'succeeded', 60_000);
    // The link works without credentials (a signed media URL).
    const file = await http().get(local(job.output.download_url)).buffer(true).parse(binary).expect(200);
    const text = (file.body as Buffer).toString('utf8');
    return { output: job.output, lines: text.split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
  }

  it('is off by default: the export is 409 training_consent_required until the account opts in', async () => {
    const state = await http().get('/api/v1/me/training-consent').set(alice.auth).expect(200);
    expect(state.body).toEqual({ consent: false, consented_at: null, exports_deleted: 0 });
    const refused = await http().post('/api/v1/exports/training').set(alice.auth).send({}).expect(409);
    expect(refused.body.type).toMatch(/training_consent_required$/);
  });

  it('exports only the account’s own posts made while consent was on, sanitized, as records or in the chat format', async () => {
    const before = await post(alice, `${SAMPLE}\n\nWritten before consent: ${SECRETS.email}.`);
    const on = await http().put('/api/v1/me/training-consent').set(alice.auth).send({ consent: true }).expect(200);
    expect(on.body).toMatchObject({ consent: true, consented_at: expect.any(String), exports_deleted: 0 });
    // Saying yes again keeps the first moment.
    const again = await http().put('/api/v1/me/training-consent').set(alice.auth).send({ consent: true }).expect(200);
    expect(again.body.consented_at).toBe(on.body.consented_at);
    const [row] = await stack.sql<{ training_consent_at: Date }>('select training_consent_at from users where id = ?', [alice.user.id]);
    expect(new Date(row!.training_consent_at).toISOString()).toBe(on.body.consented_at);

    const after = await post(alice, `${PERSONAL}\n\n${SAMPLE}`);
    await post(bob, SAMPLE);
    expect(after).not.toBe(before);

    const records = await exported(alice, { redact_names: [SECRETS.name] });
    expect(records.output).toMatchObject({ format: 'records', examples: 1, media_id: expect.any(String), bytes: expect.any(Number), expires_at: expect.any(String) });
    expect(records.lines).toHaveLength(1);
    const [record] = records.lines;
    expect(Object.keys(record!).sort()).toEqual(['chapters', 'model', 'outline', 'post', 'source', 'usage']);
    expect(record!.source).toMatchObject({ type: 'text', text: expect.stringContaining('[EMAIL]') });
    expect(record!.post.markdown.length).toBeGreaterThan(100);
    expect(record!.outline).not.toBeNull();
    expect(record!.chapters.length).toBeGreaterThan(0);
    expect(record!.usage.length).toBeGreaterThan(0);
    expect(record!.usage[0]).toEqual({ step: expect.any(String), model: expect.any(String), engine: expect.any(String), calls: expect.any(Number), tokens_in: expect.any(Number), tokens_out: expect.any(Number), cost_micros: expect.any(Number) });
    const raw = JSON.stringify(records.lines);
    for (const secret of Object.values(SECRETS)) expect([secret, raw.includes(secret)]).toEqual([secret, false]);
    for (const placeholder of ['[EMAIL]', '[PHONE]', '[API_KEY]', '[CARD_NUMBER]', '[URL_WITH_SECRET]', '[NAME]']) expect(raw).toContain(placeholder);

    const chat = await exported(alice, { format: 'chat' });
    expect(chat.lines).toHaveLength(1);
    expect(chat.lines[0]!.messages.map((message: { role: string }) => message.role)).toEqual(['system', 'user', 'assistant']);
    expect(chat.lines[0]!.messages[1].content).toContain('[EMAIL]');
    expect(JSON.stringify(chat.lines)).not.toContain(SECRETS.email);

    // The file is the caller's media: another user cannot read it.
    await http().get(`/api/v1/media/${records.output.media_id}`).set(bob.auth).expect(404);
  }, 150_000);

  it('answers 400 naming the field, 401 without credentials', async () => {
    const bad = async (method: 'put' | 'post', path: string, body: unknown, field: string) => {
      const res = await http()[method](path).set(alice.auth).send(body as object).expect(400);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    };
    await bad('put', '/api/v1/me/training-consent', {}, 'consent');
    await bad('put', '/api/v1/me/training-consent', { consent: null }, 'consent');
    await bad('put', '/api/v1/me/training-consent', { consent: 'yes' }, 'consent');
    await bad('put', '/api/v1/me/training-consent', { consent: true, extra: 1 }, 'extra');
    await bad('post', '/api/v1/exports/training', { format: 'xml' }, 'format');
    await bad('post', '/api/v1/exports/training', { format: null }, 'format');
    await bad('post', '/api/v1/exports/training', { redact_names: 'Jane' }, 'redact_names');
    await bad('post', '/api/v1/exports/training', { redact_names: [''] }, 'redact_names');
    await bad('post', '/api/v1/exports/training', { surprise: true }, 'surprise');
    await http().get('/api/v1/me/training-consent').expect(401);
    await http().put('/api/v1/me/training-consent').send({ consent: true }).expect(401);
    await http().post('/api/v1/exports/training').send({}).expect(401);
  });

  it('revoking consent deletes every export (rows and files) and stops new ones', async () => {
    const exports = await stack.sql<{ id: string; storage_key: string }>("select id, storage_key from media where user_id = ? and source_type = 'training_export'", [alice.user.id]);
    expect(exports.length).toBe(2);
    const { output } = await http()
      .get(`/api/v1/media/${exports[0]!.id}?signed=true`)
      .set(alice.auth)
      .expect(200)
      .then((res) => ({ output: res.body as { signed_url: string } }));
    const off = await http().put('/api/v1/me/training-consent').set(alice.auth).send({ consent: false }).expect(200);
    expect(off.body).toEqual({ consent: false, consented_at: null, exports_deleted: 2 });
    expect(await stack.sql("select id from media where user_id = ? and source_type = 'training_export'", [alice.user.id])).toEqual([]);
    await http().get(`/api/v1/media/${exports[0]!.id}`).set(alice.auth).expect(404);
    await http().get(local(output.signed_url)).expect(404);
    await http().post('/api/v1/exports/training').set(alice.auth).send({}).expect(409);
  });
});
