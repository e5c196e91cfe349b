import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';

async function bootstrap(): Promise<void> {
  // Imported here so that an invalid environment (checked while the modules load) ends in the catch below.
  const { createApiApp } = await import('./create-api-app.js');
  const app = await createApiApp();
  const server = await app.listen(app.get(ConfigService).get<number>('PORT') ?? 3000);
  app.get(Logger).log({ msg: 'api listening', port: (server.address() as AddressInfo).port });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
