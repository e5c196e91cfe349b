import type { IncomingHttpHeaders } from 'node:http';
import sharp from 'sharp';
import type { FakeReply, FakeRequest } from './http.fake.js';
import { OpenAiFake, openAiError } from './openai.fake.js';

export interface FakeImageRequest {
  model: string;
  prompt: string;
  size?: string;
  n?: number;
  /** The whole JSON body as sent. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export type FakeImageBehaviour =
  /** A PNG of this size (default 900×600), with EXIF-free gradient pixels. */
  | { type: 'image'; width?: number; height?: number }
  /** An OpenAI error answer (500 server_error unless told, e.g. 400 content_policy_violation). */
  | { type: 'error'; status?: number; code?: string | null; errorType?: string; message?: string }
  /** Base64 that is not an image. */
  | { type: 'not_an_image' }
  /** Never answers until the server closes (a request in flight when a worker dies). */
  | { type: 'hang' };

const DEFAULT_WIDTH = 900;
const DEFAULT_HEIGHT = 600;

export async function pngOf(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = ((x + y) * 127) / (width + height);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/**
 * A local stand-in for an OpenAI-compatible `POST /v1/images/generations`: answers like
 * gpt-image-1 (base64 PNG in `data[0].b64_json`, token usage), scriptable per test.
 */
export class FakeOpenAiImages extends OpenAiFake<FakeImageRequest> {
  private readonly queue: FakeImageBehaviour[] = [];

  constructor(options: { apiKey?: string } = {}) {
    super(options.apiKey ?? 'sk-fake-images-key');
    this.route('POST', '/v1/images/generations', async (request, reply) => {
      const body = this.jsonBody(request, reply);
      if (!body) return;
      const refusal = refusalOf(body);
      if (refusal) return reply.json(400, refusal);
      if (!this.authorized(request)) return this.unauthorized(reply);
      return this.answer(reply, this.queue.shift());
    });
  }

  /** Base URL as the SDK wants it (ends with /v1). */
  override get url(): string {
    return `${this.origin}/v1`;
  }

  /** Behaviours for the next requests, in order; after them every request gets the default image. */
  enqueue(...behaviours: FakeImageBehaviour[]): void {
    this.queue.push(...behaviours);
  }

  protected override record(request: FakeRequest): FakeImageRequest | undefined {
    const body = request.body as Record<string, unknown> | undefined;
    if (!request.routed || !body || refusalOf(body)) return undefined;
    return {
      model: String(body.model),
      prompt: body.prompt as string,
      size: typeof body.size === 'string' ? body.size : undefined,
      n: typeof body.n === 'number' ? body.n : undefined,
      body,
      headers: request.headers,
    };
  }

  private async answer(reply: FakeReply, behaviour: FakeImageBehaviour | undefined): Promise<void> {
    switch (behaviour?.type) {
      case undefined:
      case 'image': {
        const png = await pngOf(behaviour?.width ?? DEFAULT_WIDTH, behaviour?.height ?? DEFAULT_HEIGHT);
        return reply.json(200, {
          created: Math.floor(Date.now() / 1000),
          data: [{ b64_json: png.toString('base64') }],
          usage: {
            total_tokens: 50 + 1056,
            input_tokens: 50,
            output_tokens: 1056,
            input_tokens_details: { text_tokens: 50, image_tokens: 0 },
          },
        });
      }
      case 'error':
        return reply.json(
          behaviour.status ?? 500,
          openAiError(behaviour.message ?? 'The server had an error while processing your request.', behaviour.errorType ?? 'server_error', behaviour.code ?? null),
        );
      case 'not_an_image':
        return reply.json(200, { created: Math.floor(Date.now() / 1000), data: [{ b64_json: Buffer.from('definitely not a png').toString('base64') }] });
      case 'hang':
        return; // the connection ends when the fake closes
    }
  }
}

/** The 400 OpenAI answers before generating anything, if any. */
function refusalOf(body: Record<string, unknown>): ReturnType<typeof openAiError> | undefined {
  if (typeof body.prompt !== 'string' || body.prompt.length === 0) return openAiError("'prompt' is required", 'invalid_request_error', null);
  // gpt-image models refuse response_format, as the real API does.
  if (typeof body.model === 'string' && body.model.startsWith('gpt-image') && body.response_format !== undefined) {
    return openAiError("Unknown parameter: 'response_format'.", 'invalid_request_error', 'unknown_parameter');
  }
  return undefined;
}

export function startFakeOpenAiImages(options: { apiKey?: string } = {}): Promise<FakeOpenAiImages> {
  return new FakeOpenAiImages(options).start();
}
