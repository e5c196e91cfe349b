import type { FakeRequest, MultipartBody } from './http.fake.js';
import { OpenAiFake, openAiError } from './openai.fake.js';

export interface FakeTranscriptionRequest {
  model: string | undefined;
  response_format: string | undefined;
  language: string | undefined;
  file_name: string | undefined;
  file_mime: string | undefined;
  file_bytes: number;
  /** The status the fake answered with (200 while it has not answered yet). */
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

const isMultipart = (request: FakeRequest) => (request.headers['content-type'] ?? '').startsWith('multipart/form-data');

/**
 * A local stand-in for OpenAI's `POST /v1/audio/transcriptions`: same auth header, same
 * multipart request, same verbose_json answer and error bodies, so the real SDK runs against it.
 * `url` is the server's root, without `/v1`.
 */
export class FakeOpenAiAudio extends OpenAiFake<FakeTranscriptionRequest> {
  private responder = defaultResponder;

  constructor(options: { apiKey?: string } = {}) {
    // OpenAI refuses files over 25 MB with its own 413; the cap only bounds what the fake holds.
    super(options.apiKey ?? 'sk-fake-transcription-key', { maxBodyBytes: 2 * MAX_FILE_BYTES });
    this.route('POST', '/v1/audio/transcriptions', (request, reply) => {
      if (!this.authorized(request)) return this.unauthorized(reply);
      if (!isMultipart(request)) return reply.json(400, openAiError('Expected a multipart/form-data body.', 'invalid_request_error', null));
      const upload = request.body as MultipartBody | undefined;
      if (!upload) return reply.json(400, openAiError('Could not parse multipart form.', 'invalid_request_error', null));
      const file = upload.files.find((candidate) => candidate.field === 'file');
      if (!upload.fields.model) return reply.json(400, openAiError('you must provide a model parameter', 'invalid_request_error', null, 'model'));
      if (!file || file.bytes === 0) return reply.json(400, openAiError('No file was provided, or it is empty.', 'invalid_request_error', null, 'file'));
      if (file.bytes > MAX_FILE_BYTES) return reply.json(413, openAiError('Maximum content size limit (26214400) exceeded.', 'invalid_request_error', null));

      const hearing = this.responder(this.record(request)!);
      switch (upload.fields.response_format ?? 'json') {
        case 'verbose_json':
          return reply.json(200, verboseJson(hearing));
        case 'json':
          return reply.json(200, { text: verboseJson(hearing).text, usage: { type: 'duration', seconds: Math.ceil(hearing.duration) } });
        case 'text':
          return reply.send(200, verboseJson(hearing).text, 'text/plain; charset=utf-8');
        default:
          return reply.json(400, openAiError(`Unsupported response_format ${upload.fields.response_format}.`, 'invalid_request_error', null, 'response_format'));
      }
    });
  }

  /** The next request (and the ones after it, once per call) fails with this status. */
  failNext(status: 429 | 500 | 502 | 503, options: { retryAfterSeconds?: number } = {}): void {
    this.fail({ status, ...options });
  }

  /** Replaces the default answer (two segments per file, text naming the file). */
  respondWith(responder: FakeResponder): void {
    this.responder = responder;
  }

  /** Holds every answer this long, so overlapping requests can be observed. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Transcription requests the fake read (past the key and content-type checks). */
  protected override record(request: FakeRequest): FakeTranscriptionRequest | undefined {
    const upload = request.body as MultipartBody | undefined;
    if (!request.routed || !this.authorized(request) || !isMultipart(request) || !upload) return undefined;
    const file = upload.files.find((candidate) => candidate.field === 'file');
    return {
      model: upload.fields.model,
      response_format: upload.fields.response_format,
      language: upload.fields.language,
      file_name: file?.filename,
      file_mime: file?.mimeType,
      file_bytes: file?.bytes ?? 0,
      get status() {
        return request.status ?? 200;
      },
    };
  }
}

export function startFakeOpenAiAudio(options: { apiKey?: string } = {}): Promise<FakeOpenAiAudio> {
  return new FakeOpenAiAudio(options).start();
}
