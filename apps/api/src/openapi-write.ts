import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { runMain } from '@app/shared';

/** `npm run openapi:write [path]`: writes the API's OpenAPI document (committed; a test fails when it drifts). */
runMain('openapi:write', async () => {
  const path = process.argv[2] ?? 'openapi.json';
  const { createApiApp } = await import('./create-api-app.js');
  const { buildOpenApiDocument } = await import('./openapi.js');
  const app = await createApiApp({ logger: false });
  try {
    await app.init();
    await writeFile(path, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    process.stdout.write(`wrote ${path}\n`);
  } finally {
    await app.close();
  }
});
