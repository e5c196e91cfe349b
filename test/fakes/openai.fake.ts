import { randomUUID } from 'node:crypto';
import { HttpFake, type FakeReply, type FakeRequest, type HttpFakeOptions, type ScriptedFailure } from './http.fake.js';

/** OpenAI's error body. */
export function openAiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

/**
 * What the fakes of OpenAI-compatible endpoints share: the Bearer key, OpenAI's error bodies for
 * an unknown URL, a bad key, a rate limit or a server error, and a request id on every answer.
 */
export class OpenAiFake<Recorded> extends HttpFake<Recorded> {
  constructor(
    readonly apiKey: string,
    options: HttpFakeOptions = {},
  ) {
    super(options);
  }

  protected authorized(request: FakeRequest): boolean {
    return request.headers.authorization === `Bearer ${this.apiKey}`;
  }

  protected unauthorized(reply: FakeReply): void {
    reply.json(401, openAiError('Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'));
  }

  protected rateLimited(reply: FakeReply, retryAfterSeconds?: number): void {
    reply.json(429, openAiError('Rate limit reached for requests per min (RPM): Limit 50, Used 50, Requested 1.', 'requests', 'rate_limit_exceeded'), {
      'x-ratelimit-remaining-requests': '0',
      ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
    });
  }

  protected serverError(reply: FakeReply, status = 500, extra: Record<string, unknown> = {}): void {
    reply.json(status, { ...openAiError('The server had an error while processing your request. Sorry about that!', 'server_error', null), ...extra });
  }

  /** The JSON object sent, or undefined once OpenAI's 400 for an unparseable body is answered. */
  protected jsonBody(request: FakeRequest, reply: FakeReply): Record<string, unknown> | undefined {
    if (typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)) return request.body as Record<string, unknown>;
    reply.json(400, openAiError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
    return undefined;
  }

  protected override answerHeaders(): Record<string, string> {
    return { 'x-request-id': `req_${randomUUID()}` };
  }

  protected override notFound(request: FakeRequest, reply: FakeReply): void {
    reply.json(404, openAiError(`Unknown request URL: ${request.method} ${request.url}`, 'invalid_request_error', 'unknown_url'));
  }

  protected override failed(_request: FakeRequest, reply: FakeReply, failure: ScriptedFailure): void {
    if (failure.status === 429) this.rateLimited(reply, failure.retryAfterSeconds ?? 1);
    else this.serverError(reply, failure.status);
  }

  protected override crashed(_request: FakeRequest, reply: FakeReply, error: unknown): void {
    reply.json(500, openAiError(`fake server error: ${String(error)}`, 'server_error', null));
  }
}
