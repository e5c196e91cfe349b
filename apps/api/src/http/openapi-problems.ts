import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem.js';

const PROBLEM_SCHEMA_NAME = 'Problem';
const FIELD_PROBLEM_SCHEMA_NAME = 'FieldProblem';

/** One invalid field of a 400 answer. */
const FIELD_PROBLEM_SCHEMA = {
  type: 'object',
  required: ['field', 'message'],
  properties: {
    field: { type: 'string', example: 'options.length', description: 'the field\'s path in the body, query, path or headers' },
    message: { type: 'string' },
  },
} as const;

/** RFC 9457 problem details, the body of every error answer (see ProblemDetailsFilter). */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: `${PROBLEM_TYPE_BASE}not_found`, description: 'ends with the error code' },
    title: { type: 'string', example: 'Not Found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', description: 'what went wrong, for people; 5xx answers say only "internal error"' },
    instance: { type: 'string', description: 'the request path' },
    request_id: { type: 'string', description: 'quote it when asking for support' },
    errors: {
      type: 'array',
      description: 'for 400s: each invalid field and what is wrong with it',
      items: { $ref: `#/components/schemas/${FIELD_PROBLEM_SCHEMA_NAME}` },
    },
  },
} as const;

const IDEMPOTENCY_KEY_HEADER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 255 },
  description:
    'Makes a retry safe: the first request with a key runs, a repeat with the same body answers the stored ' +
    'status and body (`Idempotent-Replayed: true`). Keys are per user and kept for IDEMPOTENCY_TTL_HOURS.',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Completes the generated document with what every route shares and no decorator states: the
 * problem+json body of each error answer, and the 400/401/404/429/503 and Idempotency-Key rules the
 * global pipes, guards and interceptor apply. Answers a route declares itself are kept.
 */
export function documentProblems(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[PROBLEM_SCHEMA_NAME] = structuredClone(PROBLEM_SCHEMA) as never;
  document.components.schemas[FIELD_PROBLEM_SCHEMA_NAME] = structuredClone(FIELD_PROBLEM_SCHEMA) as never;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) documentOperation(path, method, operation);
    }
  }
  return document;
}

function documentOperation(path: string, method: string, operation: OperationObject): void {
  const authenticated = (operation.security ?? []).length > 0;
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (authenticated && method === 'post' && !parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
    operation.parameters = [...parameters, IDEMPOTENCY_KEY_HEADER];
  }
  const responses = operation.responses;
  const add = (status: number, description: string) => {
    responses[status] ??= { description };
  };
  // The Idempotency-Key answers apply besides whatever 409/422 the route itself gives.
  const addOrAppend = (status: number, description: string) => {
    const declared = responses[status] as ResponseObject | undefined;
    if (declared && declared.description && declared.description !== description) declared.description = `${declared.description}; or ${description}`;
    else add(status, description);
  };
  if (operation.requestBody || (operation.parameters ?? []).length > 0) {
    add(400, 'invalid input: `errors[].field` names each bad field (body, query, path or header)');
  }
  if (authenticated) add(401, 'no credentials, or an API key or session that is malformed, unknown, revoked or expired');
  if (path.includes('{')) add(404, 'no such resource for the caller (another account\'s ids are 404 too)');
  if (authenticated && method === 'post') {
    addOrAppend(409, 'a request with this Idempotency-Key is still in flight (idempotency_request_in_flight)');
    addOrAppend(422, 'this Idempotency-Key was used with another request body (idempotency_key_reused)');
  }
  // Health checks and the login redirects are not rate limited; everything under /api/v1 is.
  if (path.startsWith('/api/v1/')) add(429, 'rate limited; `Retry-After` gives the seconds to wait');
  if (authenticated) addOrAppend(503, 'a service this request needs (PostgreSQL, Redis) is unreachable for the moment (service_unavailable); `Retry-After` gives the seconds to wait');
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400) withProblemBody(response as ResponseObject);
  }
}

function withProblemBody(response: ResponseObject): void {
  if (response.content) return;
  response.content = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } };
}
