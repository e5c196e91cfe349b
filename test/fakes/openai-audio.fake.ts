import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

/**
 * A local stand-in for OpenAI's `POST /v1/audio/transcriptions`: same auth header, same
 * multipart request, same verbose_json answer and error bodies, so the real SDK runs against it.
 */

export interface FakeTranscriptionRequest {
  model: string | undefined;
  response_format: string | undefined;
  language: string | undefined;
  file_name: string | undefined;
  file_mime: string | undefined;
  file_bytes: number;
  /** The status the fake answered with. */
  status: number;
}

export interface FakeSegment {
  start: number;
  end: number;
  text: string;
}

/** What the fake "heard" in one uploaded file. */
export interface FakeHearing {
  language?: string;
  duration: number;
  segments: FakeSegment[];
}

export type FakeResponder = (request: FakeTranscriptionRequest) => FakeHearing;

export interface FakeOpenAiAudio {
  /** Base of the server, without `/v1`. */
  url: string;
  apiKey: string;
  requests: FakeTranscriptionRequest[];
  /** The next request (and the ones after it, once per call) fails with this status. */
  failNext(status: 429 | 500 | 502 | 503, options?: { retryAfterSeconds?: number }): void;
  /** Replaces the default answer (two segments per file, text naming the file). */
  respondWith(responder: FakeResponder): void;
  /** Holds every answer this long, so overlapping requests can be observed. */
  setLatency(ms: number): void;
  /** Most transcription requests being handled at the same time so far. */
  readonly maxConcurrent: number;
  close(): Promise<void>;
}

const MAX_FILE_BYTES = 25 * 1024 * 1024;

const defaultResponder: FakeResponder = (request) => ({
  language: 'english',
  duration: 2,
  segments: [
    { start: 0, end: 1.2, text: ` Words heard in ${request.file_name}.` },
    { start: 1.2, end: 2, text: ' And a few more.' },
  ],
});

/** What a longer recording gives: the file's name heard, then a sentence, enough words for a document. */
export const spokenParagraph: FakeResponder = (request) => ({
  language: 'english',
  duration: 2,
  segments: [
    { start: 0, end: 1.2, text: ` Words heard in ${request.file_name}.` },
    { start: 1.2, end: 2, text: ' The dough rests overnight in a cool kitchen, and in the morning we shape it, score it and bake it until the crust crackles.' },
  ],
});

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': `req_fake_${Math.random().toString(36).slice(2, 12)}`,
    ...headers,
  });
  res.end(payload);
}

function openAiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

/** Token ids are opaque to clients; a stable fake keeps answers deterministic. */
function fakeTokens(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .map((word) => 50364 + [...word].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 1000, 0));
}

function verboseJson(hearing: FakeHearing) {
  const segments = hearing.segments.map((segment, id) => ({
    id,
    seek: Math.floor(segment.start * 100),
    start: segment.start,
    end: segment.end,
    text: segment.text,
    tokens: fakeTokens(segment.text),
    temperature: 0,
    avg_logprob: -0.21,
    compression_ratio: 1.37,
    no_speech_prob: 0.012,
  }));
  return {
    task: 'transcribe',
    language: hearing.language ?? 'english',
    duration: hearing.duration,
    text: hearing.segments.map((segment) => segment.text).join(''),
    segments,
    usage: { type: 'duration', seconds: Math.ceil(hearing.duration) },
  };
}

interface ParsedUpload {
  fields: Record<string, string>;
  fileName?: string;
  fileMime?: string;
  fileBytes: number;
  tooLarge: boolean;
}

function parseMultipart(req: IncomingMessage): Promise<ParsedUpload> {
  return new Promise((resolve, reject) => {
    const parsed: ParsedUpload = { fields: {}, fileBytes: 0, tooLarge: false };
    const parser = busboy({ headers: req.headers, limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
    parser.on('field', (name, value) => (parsed.fields[name] = value));
    parser.on('file', (name, stream, info) => {
      if (name === 'file') {
        parsed.fileName = info.filename;
        parsed.fileMime = info.mimeType;
      }
      stream.on('data', (chunk: Buffer) => {
        if (name === 'file') parsed.fileBytes += chunk.length;
      });
      stream.on('limit', () => (parsed.tooLarge = true));
    });
    parser.on('close', () => resolve(parsed));
    parser.on('error', reject);
    req.pipe(parser);
  });
}

export async function startFakeOpenAiAudio(options: { apiKey?: string } = {}): Promise<FakeOpenAiAudio> {
  const apiKey = options.apiKey ?? 'sk-fake-transcription-key';
  const requests: FakeTranscriptionRequest[] = [];
  const failures: Array<{ status: number; retryAfterSeconds?: number }> = [];
  let responder = defaultResponder;
  let latencyMs = 0;
  let inFlight = 0;
  let maxConcurrent = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || path !== '/v1/audio/transcriptions') {
      req.resume();
      sendJson(res, 404, openAiError(`Invalid URL (${req.method} ${path})`, 'invalid_request_error', null));
      return;
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      req.resume();
      sendJson(
        res,
        401,
        openAiError('Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'),
      );
      return;
    }
    if (!req.headers['content-type']?.startsWith('multipart/form-data')) {
      req.resume();
      sendJson(res, 400, openAiError('Expected a multipart/form-data body.', 'invalid_request_error', null));
      return;
    }

    let upload: ParsedUpload;
    inFlight += 1;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    try {
      upload = await parseMultipart(req);
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    } catch {
      sendJson(res, 400, openAiError('Could not parse multipart form.', 'invalid_request_error', null));
      return;
    } finally {
      inFlight -= 1;
    }
    const request: FakeTranscriptionRequest = {
      model: upload.fields.model,
      response_format: upload.fields.response_format,
      language: upload.fields.language,
      file_name: upload.fileName,
      file_mime: upload.fileMime,
      file_bytes: upload.fileBytes,
      status: 200,
    };
    requests.push(request);
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      request.status = status;
      sendJson(res, status, body, headers);
    };

    const failure = failures.shift();
    if (failure?.status === 429) {
      answer(
        429,
        openAiError('Rate limit reached for whisper-1 in organization org-fake on requests per min (RPM): Limit 50, Used 50, Requested 1.', 'requests', 'rate_limit_exceeded'),
        { 'retry-after': String(failure.retryAfterSeconds ?? 1), 'x-ratelimit-remaining-requests': '0' },
      );
      return;
    }
    if (failure) {
      answer(failure.status, openAiError('The server had an error while processing your request. Sorry about that!', 'server_error', null));
      return;
    }
    if (!upload.fields.model) {
      answer(400, openAiError("you must provide a model parameter", 'invalid_request_error', null, 'model'));
      return;
    }
    if (upload.fileName === undefined || upload.fileBytes === 0) {
      answer(400, openAiError('No file was provided, or it is empty.', 'invalid_request_error', null, 'file'));
      return;
    }
    if (upload.tooLarge) {
      answer(413, openAiError('Maximum content size limit (26214400) exceeded.', 'invalid_request_error', null));
      return;
    }

    const hearing = responder(request);
    switch (request.response_format ?? 'json') {
      case 'verbose_json':
        answer(200, verboseJson(hearing));
        return;
      case 'json':
        answer(200, { text: verboseJson(hearing).text, usage: { type: 'duration', seconds: Math.ceil(hearing.duration) } });
        return;
      case 'text':
        request.status = 200;
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(verboseJson(hearing).text);
        return;
      default:
        answer(400, openAiError(`Unsupported response_format ${request.response_format}.`, 'invalid_request_error', null, 'response_format'));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, openAiError('fake server error', 'server_error', null));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    failNext(status, failOptions = {}) {
      failures.push({ status, retryAfterSeconds: failOptions.retryAfterSeconds });
    },
    respondWith(next) {
      responder = next;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
