import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SCRIPTORIUM_API_URL ?? 'http://localhost:3000';

/**
 * The dashboard. `npm run build` writes it to dist/web, which the API serves at `/`;
 * `npm run dev:web` serves it from source with the API's routes proxied to a running API.
 * JSX is compiled by Vite's own transformer (no Babel, no plugin).
 */
export default defineConfig({
  root,
  base: '/',
  resolve: {
    // The SDK from source: the dev server needs no SDK build, and the bundle gets what it uses.
    alias: { '@scriptorium/sdk': fileURLToPath(new URL('../../packages/sdk/src/index.ts', import.meta.url)) },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // React Query marks its modules "use client" (for server components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/api', '/auth', '/mcp', '/healthz', '/readyz'].map((path) => [path, { target: api, changeOrigin: false }])),
  },
});
