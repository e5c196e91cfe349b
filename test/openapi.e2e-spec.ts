import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/** The document as the built app (compiled with the swagger CLI plugin) generates it. */
async function builtDocument(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    const cli = startProcess('dist/apps/api/src/openapi-write.js', {}, [file]);
    const code = await cli.exited;
    if (code !== 0) throw new Error(`openapi:write failed: ${cli.output()}`);
    return JSON.parse(await readFile(file, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('OpenAPI document', () => {
  const { api } = useStack();
  let document: Record<string, unknown>;

  beforeAll(async () => {
    document = await builtDocument();
  });

  it('matches the committed openapi.json (run `npm run openapi:write` after changing the API)', () => {
    const committed = JSON.parse(readFileSync('openapi.json', 'utf8'));
    expect(document).toEqual(committed);
  });

  it('gives every operation a unique operationId', () => {
    const paths = document.paths as Record<string, Record<string, { operationId?: string }>>;
    const ids = Object.values(paths).flatMap((item) =>
      Object.values(item)
        .map((operation) => operation.operationId)
        .filter((id): id is string => typeof id === 'string'),
    );
    expect(ids.length).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has request schemas from the DTOs (the swagger plugin ran)', () => {
    const schemas = (document.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas;
    expect(Object.keys(schemas.CreateApiKey?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'scopes']));
  });

  it('names operations `<resource>.<action>`, tags each with a declared tag and names every body schema (clean SDK names)', () => {
    type Media = Record<string, { schema?: { $ref?: string; type?: string; properties?: unknown } }>;
    type Operation = { operationId?: string; tags?: string[]; requestBody?: { content: Media }; responses: Record<string, { content?: Media }> };
    const paths = document.paths as Record<string, Record<string, Operation>>;
    const declared = new Set((document.tags as { name: string }[]).map((tag) => tag.name));
    const operations = Object.entries(paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ at: `${method} ${path}`, operation })));
    for (const { at, operation } of operations) {
      expect([at, operation.operationId]).toEqual([at, expect.stringMatching(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/)]);
      expect([at, operation.tags?.length === 1 && declared.has(operation.tags[0]!)]).toEqual([at, true]);
      const bodies = [...Object.values(operation.requestBody?.content ?? {}), ...Object.values(operation.responses).flatMap((response) => Object.values(response.content ?? {}))];
      // Objects are named schemas; only plain strings (files, SSE, exports) stay inline.
      for (const media of bodies) expect([at, media.schema?.$ref ?? media.schema?.type]).toEqual([at, expect.not.stringMatching(/^object$/)]);
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids).toEqual(expect.arrayContaining(['documents.create', 'pipelines.generateBlog', 'jobs.streamEvents', 'posts.export', 'usage.get']));
    const schemas = Object.keys((document.components as { schemas: Record<string, unknown> }).schemas);
    expect(schemas.filter((name) => name.endsWith('Dto'))).toEqual([]);
  });

  it('documents every error answer as problem+json, with the rules the guards, pipes and interceptor apply', () => {
    type Operation = { security?: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
    const paths = document.paths as Record<string, Record<string, Operation>>;
    const schemas = (document.components as { schemas: Record<string, { required?: string[] }> }).schemas;
    expect(schemas.Problem?.required).toEqual(['type', 'title', 'status', 'detail']);
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          expect([`${method} ${path} ${status}`, response.content?.['application/problem+json']?.schema?.$ref]).toEqual([
            `${method} ${path} ${status}`,
            '#/components/schemas/Problem',
          ]);
        }
        const secured = (operation.security ?? []).length > 0;
        expect([`${method} ${path}`, '401' in operation.responses]).toEqual([`${method} ${path}`, secured]);
        if (path.includes('{')) expect(Object.keys(operation.responses)).toContain('404');
        if (secured && method === 'post') expect(operation.parameters?.map((p) => p.name)).toContain('Idempotency-Key');
      }
    }
    const outline = paths['/api/v1/steps/outline.generate']!.post!;
    expect(Object.keys(outline.responses).sort()).toEqual(['200', '202', '400', '401', '402', '403', '409', '422', '429', '503']);
    expect(Object.keys(paths['/api/v1/steps/transcript.fetch']!.post!.responses)).not.toContain('402');
    expect(Object.keys(paths['/api/v1/pipelines/generate_blog']!.post!.responses)).toContain('402');
    // Stripe authenticates the webhook by its signature: no key or session is asked for.
    expect(paths['/api/v1/billing/webhook']!.post!.security ?? []).toEqual([]);
  });

  it('serves the document at /api/openapi.json and the explorer at /api/docs', async () => {
    const json = await api.http.get('/api/openapi.json').expect(200);
    expect(json.body.info.title).toBe('Scriptorium API');
    expect(json.body.paths['/readyz']).toBeDefined();
    await api.http.get('/api/docs').expect(200).expect('Content-Type', /html/);
  });
});
