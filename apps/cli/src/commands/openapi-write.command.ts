import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument } from '../../../api/src/openapi.js';
import { createApiApp } from '../../../api/src/create-api-app.js';

export const OPENAPI_FILE = 'openapi.json';

/** Writes the API's OpenAPI document to openapi.json (committed; a test fails when it drifts). */
export async function openApiWrite(path = OPENAPI_FILE): Promise<void> {
  const app = await createApiApp({ logger: false });
  try {
    await app.init();
    await writeFile(path, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    process.stdout.write(`wrote ${path}\n`);
  } finally {
    await app.close();
  }
}
