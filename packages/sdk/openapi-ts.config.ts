import { defineConfig } from '@hey-api/openapi-ts';

/**
 * Generates the typed client from the committed openapi.json (no network). `SDK_GENERATED_DIR`
 * writes it elsewhere: the drift test compares such a fresh generation with the committed code.
 */
export default defineConfig({
  input: '../../openapi.json',
  output: {
    path: process.env.SDK_GENERATED_DIR ?? './src/generated',
    importFileExtension: '.js',
    tsConfigPath: null,
    clean: true,
  },
  logs: { file: false, level: 'warn' },
  parser: {
    // Agents speak to /mcp through an MCP client, not through this SDK. The webhook bodies
    // (JobWebhookEvent …) are kept although no operation returns them: receivers type with them.
    filters: { tags: { exclude: ['mcp'] }, orphans: true },
  },
  plugins: [
    // Calls answer their data and throw on an error answer (ScriptoriumError, see errors.ts).
    { name: '@hey-api/client-fetch', throwOnError: true },
    '@hey-api/typescript',
    {
      name: '@hey-api/sdk',
      responseStyle: 'data',
      // operationId `documents.create` → `new Sdk().documents.create()`.
      operations: { strategy: 'single', containerName: 'ScriptoriumApi', methods: 'instance', nesting: 'operationId' },
    },
  ],
});
