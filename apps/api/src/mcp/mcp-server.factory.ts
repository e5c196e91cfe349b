import { Injectable, Logger } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CallToolResult, McpError, Tool } from '@modelcontextprotocol/sdk/types.js';
import { createValidationPipe, DomainError } from '@app/shared';
import type { Principal } from '../auth/principal.js';
import { statusOf } from '../http/problem-details.filter.js';
import { McpResources, RESOURCE_TEMPLATES, requireScope } from './mcp-resources.js';
import { McpTools, type ToolAnswer, type ToolContext, type ToolDefinition } from './mcp-tools.js';
import { jobFailure, toolError } from './tool-errors.js';

const INSTRUCTIONS = [
  'Scriptorium turns source text, files and YouTube videos into SEO-ready blog posts.',
  'Fastest path: generate_blog with `text` (or a `document_id` or `youtube_url`), then post_get or post_export with the post_id it answers.',
  'Step by step: transcript_fetch or document_create_from_text, outline_generate, chapters_organize, blog_compose, document_persist.',
  'Documents and posts are also resources: scriptorium://documents/{id}, scriptorium://posts/{id}.',
  'A failed call is a tool error whose structured content has the problem `code`, `status`, `detail` and, for bad input, `errors[]` naming each field.',
].join('\n');

type Sdk = typeof import('@modelcontextprotocol/sdk/server/index.js') & typeof import('@modelcontextprotocol/sdk/types.js');
let loaded: Sdk | undefined;

/**
 * The MCP SDK (with zod, ajv, hono) loads with the first MCP request, not with the API process:
 * most API processes never answer one.
 */
async function sdk(): Promise<Sdk> {
  loaded ??= { ...(await import('@modelcontextprotocol/sdk/server/index.js')), ...(await import('@modelcontextprotocol/sdk/types.js')) };
  return loaded;
}

/** Resource-not-found, as the MCP specification numbers it. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * Builds the MCP server of one caller (an API key's principal): its tools and resources, each call
 * validated with the REST API's ValidationPipe and scoped like the REST route. One server per
 * HTTP request (stateless Streamable HTTP) or per stdio process.
 */
@Injectable()
export class McpServerFactory {
  private readonly logger = new Logger('Mcp');
  private readonly pipe = createValidationPipe();
  private listed?: Tool[];

  constructor(
    private readonly tools: McpTools,
    private readonly resources: McpResources,
  ) {}

  async create(principal: Principal): Promise<Server> {
    const { Server, ListToolsRequestSchema, CallToolRequestSchema, McpError, ErrorCode, ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ReadResourceRequestSchema } = await sdk();
    const server = new Server({ name: 'scriptorium', title: 'Scriptorium', version: '1.0.0' }, { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await this.toolList() }));
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
      const definition = this.tools.find(request.params.name);
      if (!definition) throw new McpError(ErrorCode.InvalidParams, `unknown tool ${request.params.name}`);
      const progressToken = request.params._meta?.progressToken;
      let progress = 0;
      return this.call(definition, request.params.arguments, {
        principal,
        signal: extra.signal,
        progress: async (message) => {
          if (progressToken === undefined) return;
          progress += 1;
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } }).catch(() => undefined);
        },
      });
    });
    server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await this.resources.list(principal) }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: RESOURCE_TEMPLATES }));
    server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
      try {
        return await this.resources.read(principal, request.params.uri);
      } catch (error) {
        throw resourceError(error, this.logger, loaded!);
      }
    });
    return server;
  }

  private async toolList(): Promise<Tool[]> {
    // class-validator-jsonschema loads with the first tools/list.
    const { inputSchemaOf } = await import('./input-schemas.js');
    this.listed ??= this.tools.all.map((definition) => ({
      name: definition.name,
      title: definition.title,
      description: `${definition.description}\n\nRequires the API key scope ${definition.scope}.`,
      inputSchema: inputSchemaOf(definition.input) as Tool['inputSchema'],
      annotations: { title: definition.title, readOnlyHint: definition.readOnly, destructiveHint: false, openWorldHint: false },
    }));
    return this.listed;
  }

  private async call(definition: ToolDefinition, args: unknown, context: ToolContext): Promise<CallToolResult> {
    try {
      requireScope(context.principal, definition.scope);
      const input: unknown = await this.pipe.transform(args ?? {}, { type: 'body', metatype: definition.input as never, data: undefined });
      return render(await definition.run(context, input as never));
    } catch (error) {
      return toolError(error, this.logger, definition.name);
    }
  }
}

function render(answer: ToolAnswer): CallToolResult {
  if (answer.kind === 'job_failed') return jobFailure(answer.job.id, answer.job.status, answer.job.error);
  if (answer.kind === 'file') {
    return { content: [{ type: 'text', text: answer.text }], structuredContent: { name: answer.name, mime_type: answer.mimeType } };
  }
  return { content: [{ type: 'text', text: JSON.stringify(answer.value, null, 2) }], structuredContent: answer.value };
}

/** A resource read that failed, as a JSON-RPC error carrying the problem's code. */
function resourceError(error: unknown, logger: Logger, { McpError, ErrorCode }: Sdk): McpError {
  if (!(error instanceof DomainError)) {
    logger.error({ msg: 'mcp resource read failed', err: error });
    return new McpError(ErrorCode.InternalError, 'internal error', { code: 'internal_error' });
  }
  const status = statusOf(error);
  const code = status === 404 ? RESOURCE_NOT_FOUND : status === 400 ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest;
  return new McpError(code, error.message, { code: error.code, status, ...(error.errors ? { errors: error.errors } : {}) });
}
