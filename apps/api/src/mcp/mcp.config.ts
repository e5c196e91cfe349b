import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { defineConfig, emptyToUndefined, toInt } from '@app/shared';

class McpVariables {
  /**
   * How long a tool that starts a job (generate_blog, the steps, an import) waits for it before it
   * answers the job as still running. MCP clients give up on a request after about a minute
   * unless progress keeps coming.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  MCP_TOOL_WAIT_S = 50;

  /** The API key `npm run mcp` (the stdio server) acts with; scopes apply as over HTTP. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SCRIPTORIUM_API_KEY?: string;
}

/** The MCP server (Streamable HTTP at /mcp, and stdio): tool waits, and the stdio server's key. */
export const mcpConfig = defineConfig('mcp', {
  variables: McpVariables,
  map: (env) => ({ toolWaitS: env.MCP_TOOL_WAIT_S, stdioApiKey: env.SCRIPTORIUM_API_KEY }),
});
