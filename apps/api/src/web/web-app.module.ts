import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/** Where `npm run build` puts the dashboard (apps/web), from the directory the API starts in. */
export const WEB_DIST_DIR = resolve('dist/web');

/**
 * The dashboard at `/`: its built files, and index.html for every other GET outside the API
 * (client-side routes such as /documents/…), so a reload works. The API, the auth routes, /mcp,
 * /assets and the health checks keep their own answers (an unknown /api/… path stays a problem+json 404).
 * Without a built dashboard the API runs alone.
 */
export function webAppModules(dir = WEB_DIST_DIR): DynamicModule[] {
  if (!existsSync(join(dir, 'index.html'))) return [];
  return [
    ServeStaticModule.forRoot({
      rootPath: dir,
      // Built files live under /assets: one that is missing (an old hash after a deploy) is a 404.
      exclude: ['/api/{*path}', '/auth/{*path}', '/mcp{/*path}', '/healthz', '/readyz', '/assets/{*path}'],
      serveStaticOptions: { index: false, fallthrough: true, maxAge: '1h', immutable: false },
    }),
  ];
}
