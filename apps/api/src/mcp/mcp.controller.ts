import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiExcludeEndpoint, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@app/shared';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { JsonRpcMessageDto } from './mcp.dto.js';

/**
 * The MCP server for AI agents over Streamable HTTP, stateless: every POST is answered on its own
 * (JSON, or an SSE stream when the call sends progress), by a server built for the caller's API
 * key, so any API process can answer any request.
 */
@ApiTags('mcp')
@ApiBearerAuth('api-key')
@Controller('mcp')
export class McpController {
  constructor(private readonly servers: McpServerFactory) {}

  /**
   * A Model Context Protocol message (initialize, tools/list, tools/call, resources/read …) from an
   * MCP client, with an API key as the Bearer token; its scopes apply to each tool as to the REST route.
   */
  @Post()
  @ApiBody({ type: JsonRpcMessageDto })
  @ApiOkResponse({
    description: 'the JSON-RPC response, or a text/event-stream of progress notifications ending with it',
    content: { 'application/json': { schema: { $ref: getSchemaPath(JsonRpcMessageDto) } }, 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiAcceptedResponse({ description: 'a notification or a response: nothing to answer' })
  async handle(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (principal.via !== 'api_key') {
      response.setHeader('WWW-Authenticate', 'Bearer realm="scriptorium"');
      throw new DomainError('unauthorized', 'the MCP endpoint takes an API key as a Bearer token');
    }
    const server = await this.servers.create(principal);
    // Loaded with the first MCP request (see McpServerFactory).
    const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, request.body);
  }

  /** Stateless: no stream the server opens on its own, and no session to end. */
  @Get()
  @Delete()
  @ApiExcludeEndpoint()
  notAllowed(@Res({ passthrough: true }) response: Response): never {
    response.setHeader('Allow', 'POST');
    throw new DomainError('method_not_allowed', 'this MCP server is stateless: send every message with POST');
  }
}
