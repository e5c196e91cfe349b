import { Module } from '@nestjs/common';
import { JobsModule, SharedConfigModule } from '@app/shared';
import { IngestionModule } from '@app/ingestion';
import { AiModule } from '@app/ai';
import { BillingModule } from '@app/billing';
import { PublishingModule } from '@app/publishing';
import { JobFollower } from '../jobs/job-follower.js';
import { mcpConfig } from './mcp.config.js';
import { McpResources } from './mcp-resources.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpTools } from './mcp-tools.js';
import { GenerateBlogCommands } from '../pipelines/generate-blog.command.js';

const McpConfigModule = SharedConfigModule.forFeature(mcpConfig);

/** The MCP tools and resources over the lib services, for the HTTP edge (/mcp) and the stdio server alike. */
@Module({
  imports: [McpConfigModule, JobsModule, IngestionModule, AiModule, BillingModule, PublishingModule],
  providers: [JobFollower, GenerateBlogCommands, McpTools, McpResources, McpServerFactory],
  exports: [McpServerFactory, McpConfigModule, GenerateBlogCommands],
})
export class McpModule {}
