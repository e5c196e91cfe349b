import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A JSON-RPC 2.0 message of the Model Context Protocol (a request, notification or response); a batch is an array of them. */
export class JsonRpcMessageDto {
  @ApiProperty({ enum: ['2.0'] })
  jsonrpc!: '2.0';

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'absent on notifications' })
  id?: string | number;

  @ApiPropertyOptional({ description: 'initialize, tools/list, tools/call, resources/list, resources/read …', example: 'tools/call' })
  method?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  params?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  result?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  error?: Record<string, unknown>;
}
