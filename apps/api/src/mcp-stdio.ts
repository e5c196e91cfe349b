import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { ApiKeysService, ConfigValidationError, runMain } from '@app/shared';

/** Stdout carries the protocol: everything the process says goes to stderr. */
const stderrLogger: LoggerService = {
  log: () => undefined,
  warn: (message: unknown) => process.stderr.write(`warn: ${JSON.stringify(message)}\n`),
  error: (message: unknown) => process.stderr.write(`error: ${JSON.stringify(message)}\n`),
};

/**
 * `npm run mcp`: the MCP server on stdin/stdout for a local agent, acting with the API key in
 * SCRIPTORIUM_API_KEY (its scopes apply). It runs the same tools as /mcp against this install's
 * database and queue (the worker runs the jobs), with the API's configuration.
 */
runMain('mcp', async () => {
  const { NestFactory } = await import('@nestjs/core');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { McpStdioModule } = await import('./mcp/mcp-stdio.module.js');
  const { McpServerFactory } = await import('./mcp/mcp-server.factory.js');
  const { mcpConfig } = await import('./mcp/mcp.config.js');

  // Before the modules start: a missing key is said at once.
  const key = mcpConfig.from(process.env).stdioApiKey;
  if (!key) throw new ConfigValidationError(['SCRIPTORIUM_API_KEY is required: the API key (scr_…) the MCP server acts with']);
  const app = await NestFactory.createApplicationContext(McpStdioModule, { logger: stderrLogger, abortOnError: false });
  const found = await app.get(ApiKeysService).authenticate(key);
  if (!found) throw new ConfigValidationError(['SCRIPTORIUM_API_KEY is not an active API key']);

  const server = await app.get(McpServerFactory).create({ user: found.user, via: 'api_key', scopes: found.key.scopes, apiKeyId: found.key.id });
  const transport = new StdioServerTransport();
  transport.onclose = () => void app.close().then(() => process.exit(0));
  await server.connect(transport);
  process.stdin.on('end', () => void server.close());
});
