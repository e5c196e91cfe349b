import { readFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../apps/api/src/openapi.js';
import { bootApi, type TestApi } from './support/api.js';

describe('OpenAPI document', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await bootApi();
  });
  afterAll(() => api.close());

  it('matches the committed openapi.json (run `npm run openapi:write` after changing the API)', () => {
    const committed = JSON.parse(readFileSync('openapi.json', 'utf8'));
    const current = JSON.parse(JSON.stringify(buildOpenApiDocument(api.app)));
    expect(current).toEqual(committed);
  });

  it('gives every operation a unique operationId', () => {
    const document = buildOpenApiDocument(api.app);
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>)
        .map((operation) => operation.operationId)
        .filter((id): id is string => typeof id === 'string'),
    );
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves the document at /api/openapi.json and the explorer at /api/docs', async () => {
    const json = await api.http.get('/api/openapi.json').expect(200);
    expect(json.body.info.title).toBe('Scriptorium API');
    expect(json.body.paths['/readyz']).toBeDefined();
    await api.http.get('/api/docs').expect(200).expect('Content-Type', /html/);
  });
});
