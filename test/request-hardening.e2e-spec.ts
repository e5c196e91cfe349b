import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

interface SchemaObject {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: SchemaObject }> };
}

const openapi = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
};
const operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ method, path, operation, url: path.replace(/\{[^}]+\}/g, randomUUID()) })),
);

/** A schema's properties, $refs and allOf followed. */
function propertiesOf(schema: SchemaObject | undefined): Record<string, SchemaObject> {
  if (!schema) return {};
  if (schema.$ref) return propertiesOf(openapi.components.schemas[schema.$ref.split('/').at(-1)!]);
  return Object.assign({}, ...(schema.allOf ?? []).map(propertiesOf), schema.properties ?? {});
}

/**
 * Every field of every JSON body, one level of nested objects included, as a dotted path; but not
 * the fields the document says are nullable (there `null` is a value, e.g. "remove the cap").
 */
const jsonFields = operations.flatMap(({ method, path, url, operation }) => {
  const top = propertiesOf(operation.requestBody?.content['application/json']?.schema);
  return Object.entries(top).flatMap(([name, schema]) => [
    ...(schema.nullable ? [] : [{ method, path, url, field: name }]),
    ...Object.entries(propertiesOf(schema))
      .filter(([, inner]) => !inner.nullable)
      .map(([inner]) => ({ method, path, url, field: `${name}.${inner}` })),
  ]);
});

/**
 * Requests that once answered 500 or ended in a retried, masked job failure (issue 22): each must
 * be a 4xx naming what is wrong, or simply work.
 */
describe('request hardening', () => {
  const stack = useStack();
  const api = stack.api;
  let alice: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
  });

  const writePost = async (title: string) => {
    const { PostsService } = await import('@app/ai');
    return api.app.get(PostsService).create({
      userId: alice.user.id,
      documentId: null,
      jobId: null,
      title,
      slug: '',
      description: 'A description.',
      keywords: ['one'],
      markdown: `# ${title}\n`,
      html: `<h1>${title}</h1>`,
      chapters: [],
      images: [],
      meta: {},
    });
  };

  const expectBadField = (res: { status: number; body: { errors?: { field: string }[] } }, field: string) => {
    expect({ status: res.status, fields: res.body.errors?.map((error) => error.field) }).toEqual({ status: 400, fields: expect.arrayContaining([field]) });
  };

  describe('deeply nested JSON', () => {
    const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const bodies = {
      '100,000 nested arrays': `{"text":${arrays(100_000)}}`,
      '50,000 nested objects': `{"text":"x","options":${objects(50_000)}}`,
      'a deep array at the top': arrays(100_000),
    };

    it.each(Object.entries(bodies))('answers 400 naming body for %s, with or without an Idempotency-Key', async (_name, body) => {
      for (const path of ['/api/v1/documents', '/api/v1/pipelines/generate_blog', '/api/v1/steps/outline.generate', '/api/v1/api-keys']) {
        for (const key of [undefined, `deep-${path}-${body.length}`]) {
          const request = api.http.post(path).set(alice.auth).set('Content-Type', 'application/json');
          if (key) request.set('Idempotency-Key', key);
          const res = await request.send(body);
          expectBadField(res, 'body');
        }
      }
    });

    it('still takes a body nested as deeply as the bound allows', async () => {
      const res = await api.http.post('/api/v1/documents').set(alice.auth).set('Content-Type', 'application/json').send(`{"text":"x","lang":${arrays(31)}}`);
      expectBadField(res, 'lang');
    });
  });

  describe('values PostgreSQL cannot store or read', () => {
    it('a string holding U+0000 is a 400 naming its field, in bodies of every shape', async () => {
      expectBadField(await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'before\u0000after' }), 'text');
      expectBadField(await api.http.post('/api/v1/api-keys').set(alice.auth).send({ name: '\u0000', scopes: ['jobs:read'] }), 'name');
      const outline = { title: 'T', chapters: [{ title: 'One' }, { title: 'Two\u0000' }] };
      expectBadField(await api.http.post('/api/v1/steps/blog.compose').set(alice.auth).send({ text: 'x', outline }), 'outline.chapters.1.title');
      // A form body too.
      expectBadField(await api.http.post('/api/v1/documents').set(alice.auth).type('form').send('text=before%00after'), 'text');
    });

    it('a forged cursor (hyphens for an id, a year PostgreSQL has not) is a 400 naming cursor', async () => {
      const forged = (text: string) => Buffer.from(text).toString('base64url');
      for (const cursor of [
        forged('2026-01-01T00:00:00.000Z|------------------------------------'),
        forged(`-271821-04-20T00:00:00.000Z|${randomUUID()}`),
        forged(`2026-01-01T00:00:00Z|${randomUUID()}`),
      ]) {
        for (const path of ['/api/v1/jobs', '/api/v1/documents', '/api/v1/posts', '/api/v1/media', '/api/v1/usage/events']) {
          expectBadField(await api.http.get(`${path}?cursor=${cursor}`).set(alice.auth), 'cursor');
        }
      }
    });
  });

  describe('null in a request field', () => {
    it.each(jsonFields.map((entry) => [`${entry.method.toUpperCase()} ${entry.path} ${entry.field}`, entry]))(
      '%s: null is a 400 naming the field',
      async (_name, { method, path, url, field }) => {
        const [outer, inner] = field.split('.');
        const body = inner === undefined ? { [outer!]: null } : { [outer!]: { [inner]: null } };
        const request = (api.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method]!(url).set(alice.auth);
        // An MCP client accepts JSON and SSE answers (Streamable HTTP).
        const res = await (path === '/mcp' ? request.set('Accept', 'application/json, text/event-stream') : request).send(body);
        // The MCP endpoint speaks JSON-RPC: a malformed message is a 400 with a JSON-RPC error, not problem+json.
        if (path === '/mcp') expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: expect.any(Number) });
        else expectBadField(res, field);
      },
    );

    it('document.persist without fields, or with fields null, is a 400 naming fields', async () => {
      const document = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'Persist me.' }).expect(201);
      for (const body of [{ document_id: document.body.id, version: 1 }, { document_id: document.body.id, version: 1, fields: null }]) {
        expectBadField(await api.http.post('/api/v1/steps/document.persist').set(alice.auth).send(body), 'fields');
      }
    });

    it('PATCH of a real document and post answers 400 for a null field and leaves both unchanged', async () => {
      const document = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'Keep me.', title: 'Kept' }).expect(201);
      for (const field of ['title', 'text']) {
        expectBadField(await api.http.patch(`/api/v1/documents/${document.body.id}`).set(alice.auth).send({ [field]: null }), field);
      }
      expect((await api.http.get(`/api/v1/documents/${document.body.id}`).set(alice.auth).expect(200)).body).toMatchObject({ title: 'Kept', version: 1 });

      const post = await writePost('Kept post');
      for (const field of ['title', 'description', 'markdown', 'keywords']) {
        expectBadField(await api.http.patch(`/api/v1/posts/${post.id}`).set(alice.auth).send({ [field]: null }), field);
      }
      expectBadField(await api.http.patch(`/api/v1/posts/${post.id}`).set(alice.auth).send({ keywords: ['fine', null] }), 'keywords');
      // The empty value clears a field that may be empty.
      const cleared = await api.http.patch(`/api/v1/posts/${post.id}`).set(alice.auth).send({ description: '', keywords: [] }).expect(200);
      expect(cleared.body).toMatchObject({ description: '', keywords: [], version: 2 });
    });
  });

  describe('a query parameter given twice', () => {
    const withQuery = operations.flatMap(({ method, path, url, operation }) =>
      (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => ({ method, path, url, name: parameter.name })),
    );

    it.each(withQuery.map((entry) => [`${entry.method.toUpperCase()} ${entry.path}?${entry.name}`, entry]))(
      '%s twice is a 400 naming it',
      async (_name, { method, url, name }) => {
        const res = await (api.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method]!(`${url}?${name}=1&${name}=2`).set(alice.auth);
        expectBadField(res, name);
      },
    );

    it('also on routes outside the API document (the GitHub callback) and on a real job', async () => {
      expectBadField(await api.http.get('/auth/github/callback?code=a&code=b&state=s'), 'code');
      const job = await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ text: 'A short text to outline.' }).expect(202);
      expectBadField(await api.http.get(`/api/v1/jobs/${job.body.job_id}/events?last_event_id=1-0&last_event_id=2-0`).set(alice.auth), 'last_event_id');
      expectBadField(await api.http.get('/api/v1/jobs?limit=1&limit=2').set(alice.auth), 'limit');
      // A malformed event id names where it came from (found by the chaos fuzzer).
      expectBadField(await api.http.get(`/api/v1/jobs/${job.body.job_id}/events?last_event_id=abc`).set(alice.auth), 'last_event_id');
      expectBadField(await api.http.get(`/api/v1/jobs/${job.body.job_id}/events`).set(alice.auth).set('Last-Event-ID', 'abc'), 'Last-Event-ID');
    });

    it('answers 400 naming a query parameter that holds a NUL character (found by the chaos fuzzer on the documents search)', async () => {
      expectBadField(await api.http.get('/api/v1/documents?q=%00').set(alice.auth), 'q');
      expectBadField(await api.http.get('/api/v1/documents?limit=5&q=a%00b').set(alice.auth), 'q');
      await api.http.get('/api/v1/documents?q=%2500').set(alice.auth).expect(200);
    });
  });

  describe('step request shapes', () => {
    const compose = (body: Record<string, unknown>) => api.http.post('/api/v1/steps/blog.compose').set(alice.auth).send({ text: 'Source text.', ...body });

    it('blog.compose answers 400 naming the field for an outline or chapters of the wrong shape', async () => {
      expectBadField(await compose({ outline: {} }), 'outline.chapters');
      expectBadField(await compose({ outline: [] }), 'outline');
      expectBadField(await compose({ outline: 'x' }), 'outline');
      expectBadField(await compose({ outline: { chapters: 'x' } }), 'outline.chapters');
      expectBadField(await compose({ outline: { chapters: [{ summary: 'no title' }] } }), 'outline.chapters.0.title');
      expectBadField(await compose({ chapters: 'x' }), 'chapters');
      expectBadField(await compose({ chapters: [] }), 'chapters');
      expectBadField(await compose({ chapters: [null] }), 'chapters.0');
      expectBadField(await compose({ chapters: [{ title: 5 }] }), 'chapters.0.title');
      expectBadField(await compose({ chapters: [{ title: 'A', extra: true }] }), 'chapters.0.extra');
    });

    it('blog.compose takes outline.generate and chapters.organize results as they are', async () => {
      await compose({ outline: { title: 'T', chapters: [{ title: 'One', summary: 'S', key_points: ['k'] }] } }).expect(202);
      await compose({ chapters: [{ title: 'One', summary: 'S', start_s: 12.5 }] }).expect(202);
    });

    it('seo.generate answers 400 naming the field for an outline of the wrong shape', async () => {
      const seo = (outline: unknown) => api.http.post('/api/v1/steps/seo.generate').set(alice.auth).send({ text: 'Source text.', outline });
      expectBadField(await seo({}), 'outline.title');
      expectBadField(await seo({ title: 5 }), 'outline.title');
      expectBadField(await seo({ title: 'T', chapters: 'x' }), 'outline.chapters');
      await seo({ title: 'T', chapters: [{ title: 'One', summary: 'S', key_points: ['k'] }] }).expect(202);
    });

    it('options of the wrong shape are a 400 naming them', async () => {
      expectBadField(await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: 'x', options: [] }), 'options');
      expectBadField(await api.http.post('/api/v1/steps/outline.generate').set(alice.auth).send({ text: 'x', options: 'x' }), 'options');
      expectBadField(await api.http.post('/api/v1/steps/images.plan').set(alice.auth).send({ chapters: { title: 'x' } }), 'chapters');
    });
  });

  describe('slugs', () => {
    it('finds a free slug for the 52nd post of the same title (numbered, then from the post id)', async () => {
      const slugs: string[] = [];
      for (let index = 0; index < 52; index += 1) slugs.push((await writePost('The same title')).slug);
      expect(new Set(slugs).size).toBe(52);
      expect(slugs.slice(0, 3)).toEqual(['the-same-title', 'the-same-title-2', 'the-same-title-3']);
      expect(slugs[49]).toBe('the-same-title-50');
      expect(slugs[50]).toMatch(/^the-same-title-[0-9a-f]{8}$/);
      expect(slugs[51]).toMatch(/^the-same-title-[0-9a-f]{8}$/);
    }, 60_000);
  });
});
