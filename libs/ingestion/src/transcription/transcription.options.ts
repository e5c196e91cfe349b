export const TRANSCRIPTION_OPTIONS = Symbol('TRANSCRIPTION_OPTIONS');

/** How to reach the OpenAI-compatible transcription endpoint (OpenAI, Groq, a local Whisper server). */
export interface TranscriptionOptions {
  apiKey?: string;
  /** e.g. https://api.openai.com/v1 or https://api.groq.com/openai/v1 */
  baseURL?: string;
  model: string;
  /** The named provider (MODEL_ROUTES transcription), recorded on the usage event; its prices apply. */
  provider?: string;
  /** Segments sent at once. */
  concurrency?: number;
  /** Retries of one segment by the SDK on 408/409/429/5xx and connection errors. */
  maxRetries?: number;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
}
