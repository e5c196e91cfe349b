import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { errorBody, sendJson, startJsonPostServer } from './openai-json-server.js';

/**
 * A local stand-in for an OpenAI-compatible `POST /v1/images/generations`: answers like
 * gpt-image-1 (base64 PNG in `data[0].b64_json`, token usage), scriptable per test.
 */

export interface FakeImageRequest {
  model: string;
  prompt: string;
  size?: string;
  n?: number;
  /** The whole JSON body as sent. */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
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

export interface FakeOpenAiImages {
  /** Base URL as the SDK wants it (ends with /v1). */
  url: string;
  apiKey: string;
  requests: FakeImageRequest[];
  /** Behaviours for the next requests, in order; after them every request gets the default image. */
  enqueue(...behaviours: FakeImageBehaviour[]): void;
  close(): Promise<void>;
}

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

export async function startFakeOpenAiImages(options: { apiKey?: string } = {}): Promise<FakeOpenAiImages> {
  const apiKey = options.apiKey ?? 'sk-fake-images-key';
  const requests: FakeImageRequest[] = [];
  const queue: FakeImageBehaviour[] = [];
  const held = new Set<ServerResponse>();

  const answer = async (res: ServerResponse, request: FakeImageRequest, behaviour: FakeImageBehaviour | undefined): Promise<void> => {
    switch (behaviour?.type) {
      case undefined:
      case 'image': {
        const png = await pngOf(behaviour?.width ?? DEFAULT_WIDTH, behaviour?.height ?? DEFAULT_HEIGHT);
        return sendJson(res, 200, {
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
        return sendJson(
          res,
          behaviour.status ?? 500,
          errorBody(behaviour.message ?? 'The server had an error while processing your request.', behaviour.errorType ?? 'server_error', behaviour.code ?? null),
        );
      case 'not_an_image':
        return sendJson(res, 200, { created: Math.floor(Date.now() / 1000), data: [{ b64_json: Buffer.from('definitely not a png').toString('base64') }] });
      case 'hang':
        held.add(res);
        return;
    }
  };

  const { server, port } = await startJsonPostServer('/v1/images/generations', (body, req, res) => {
    if (typeof body.prompt !== 'string' || body.prompt.length === 0) {
      return sendJson(res, 400, errorBody("'prompt' is required", 'invalid_request_error', null));
    }
    // gpt-image models refuse response_format, as the real API does.
    if (typeof body.model === 'string' && body.model.startsWith('gpt-image') && body.response_format !== undefined) {
      return sendJson(res, 400, errorBody("Unknown parameter: 'response_format'.", 'invalid_request_error', 'unknown_parameter'));
    }
    const request: FakeImageRequest = {
      model: String(body.model),
      prompt: body.prompt,
      size: typeof body.size === 'string' ? body.size : undefined,
      n: typeof body.n === 'number' ? body.n : undefined,
      body,
      headers: req.headers,
    };
    requests.push(request);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(res, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    answer(res, request, queue.shift()).catch((error: unknown) => sendJson(res, 500, errorBody(String(error), 'server_error', null)));
  });

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    enqueue: (...behaviours) => queue.push(...behaviours),
    close: async () => {
      for (const res of held) res.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
