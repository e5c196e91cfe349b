import { Module } from '@nestjs/common';
import { IdempotencyModule, SharedModule } from '@app/shared';
import { McpModule } from './mcp.module.js';

/** What `npm run mcp` runs: the MCP tools and what they stand on, without HTTP. */
@Module({ imports: [SharedModule, IdempotencyModule, McpModule] })
export class McpStdioModule {}
