import { Transform, plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** "42" → 42; anything that is not a whole number stays as it is, so the validator names it. */
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const parseJsonObject = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    return value.trim() === '' ? {} : (JSON.parse(value) as unknown);
  } catch {
    return value;
  }
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const LOCAL_URL = { require_tld: false, protocols: ['http', 'https'] };

export const DEVELOPMENT_APP_SECRET = 'scriptorium-local-development-secret-change-me';

/**
 * Every environment variable Scriptorium reads, with its default.
 * Defaults make a local start work against Postgres and Redis on 127.0.0.1;
 * production requires APP_SECRET and PUBLIC_URL to be set explicitly.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'] })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/scriptorium';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;

  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'] })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (queues, sessions, rate limits), so several installs can share one Redis. */
  @IsString()
  @MinLength(1)
  REDIS_PREFIX = 'scriptorium';

  /** Signs session cookies and derives the key that encrypts stored OAuth tokens. */
  @IsString()
  @MinLength(32)
  APP_SECRET = DEVELOPMENT_APP_SECRET;

  @IsUrl(LOCAL_URL)
  PUBLIC_URL = 'http://localhost:3000';

  /** Largest JSON body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GITHUB_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GITHUB_CLIENT_SECRET?: string;

  /** Where the browser lands after a GitHub login (a path on PUBLIC_URL or a full URL). */
  @IsString()
  LOGIN_REDIRECT_URL = '/api/v1/me';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_HOURS = 24 * 14;

  /** Requests per API key (or user, or IP when anonymous) per RATE_LIMIT_WINDOW_S. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_S = 60;

  @IsUrl(LOCAL_URL)
  GITHUB_BASE_URL = 'https://github.com';

  @IsUrl(LOCAL_URL)
  GITHUB_API_URL = 'https://api.github.com';

  /** Model engine; empty means openai when OPENAI_API_KEY is set, else the offline extractive engine. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['openai', 'extractive'])
  LLM_PROVIDER?: 'openai' | 'extractive';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsUrl(LOCAL_URL)
  OPENAI_BASE_URL = 'https://api.openai.com/v1';

  @IsString()
  @MinLength(1)
  LLM_MODEL = 'gpt-4o-mini';

  @IsString()
  @MinLength(1)
  TRANSCRIBE_MODEL = 'whisper-1';

  /** How long one model HTTP attempt may take. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  LLM_TIMEOUT_MS = 60_000;

  /** SDK retries on 408/409/429/5xx, timeouts and connection errors, honouring Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  LLM_MAX_RETRIES = 2;

  /** json_object for servers that ignore json_schema (the schema then goes into the prompt). */
  @IsIn(['json_schema', 'json_object'])
  LLM_STRUCTURED_OUTPUT: 'json_schema' | 'json_object' = 'json_schema';

  /** Model calls in flight at once across all processes, per provider host and model; 0 = no limit. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LLM_MAX_CONCURRENCY = 0;

  /** Shared tokens-per-minute budget per provider host and model; 0 = no limit. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LLM_TOKENS_PER_MINUTE = 0;

  /** Longest wait for a model slot before the call fails as rate_limited. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LLM_RATE_LIMIT_MAX_WAIT_MS = 120_000;

  /** Image model for chapter images (e.g. gpt-image-1, dall-e-3); empty = no generation (a chapter gets the user's matching image or the spec alone). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAGE_MODEL?: string;

  /** OpenAI-compatible images endpoint when it is not the chat model's; defaults to OPENAI_BASE_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  IMAGE_BASE_URL?: string;

  /** Key for IMAGE_BASE_URL; defaults to OPENAI_API_KEY. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAGE_API_KEY?: string;

  /** Size asked of the image model, WIDTHxHEIGHT. */
  @Matches(/^\d{3,4}x\d{3,4}$/, { message: 'IMAGE_SIZE must look like 1024x1024' })
  IMAGE_SIZE = '1024x1024';

  /** How long one image generation may take (they are slow). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMAGE_TIMEOUT_MS = 120_000;

  /** Most images one post gets (chapters past it get none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  IMAGES_MAX_PER_POST = 10;

  /** Largest generated image accepted, in bytes (decoded); a bigger answer leaves the chapter without an image. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMAGE_MAX_BYTES = 20 * 1024 * 1024;

  /** Bytes one post's images may take in storage, originals and variants together. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMAGES_MAX_TOTAL_BYTES = 100 * 1024 * 1024;

  /** Images of one post chosen or generated at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8)
  IMAGE_CONCURRENCY = 2;

  /**
   * Prices per model as JSON, USD per million tokens (per transcribed minute, per image), merged over
   * built-in defaults: {"my-model": {"input_per_1m": 0.2, "output_per_1m": 0.8}}, {"my-image-model": {"per_image": 0.04}}.
   */
  @Transform(parseJsonObject)
  @IsObject({ message: 'MODEL_PRICES must be a JSON object of {"model": {"input_per_1m": n, "output_per_1m": n}}' })
  MODEL_PRICES: Record<string, { input_per_1m?: number; output_per_1m?: number; per_minute?: number; per_image?: number | Record<string, number> }> = {};

  /** How often the worker runs housekeeping (expired idempotency keys …), in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAINTENANCE_INTERVAL_S = 3600;

  /** How long an Idempotency-Key is remembered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_TTL_HOURS = 48;

  /**
   * Lease of a key whose first request is still running, in seconds: renewed while the request
   * runs; once it lapses (the process died, the client left a stuck request) a retry takes the key over.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  IDEMPOTENCY_LEASE_S = 30;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Where the Stripe SDK sends API requests (a local fake in tests). */
  @IsString()
  STRIPE_API_HOST = 'api.stripe.com';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  STRIPE_API_PORT = 443;

  @IsIn(['http', 'https'])
  STRIPE_API_PROTOCOL: 'http' | 'https' = 'https';

  /** The Stripe price of the pro subscription (checkout {plan: 'pro'}). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_PRICE_SUBSCRIPTION?: string;

  /** The Stripe price of the standard credit pack (checkout {credit_pack: 'standard'}). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_PRICE_CREDIT_PACK?: string;

  /** Credits granted once to every new billing account, in micro-USD. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  FREE_CREDITS_MICROS = 1_000_000;

  /** The Stripe Billing meter's event_name that usage is reported to. */
  @IsString()
  @MinLength(1)
  STRIPE_METER_EVENT_NAME = 'scriptorium_usage';

  /** How often the worker reports unreported billable usage to Stripe meter events, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  METER_REPORT_INTERVAL_S = 60;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  /** Google's OAuth consent page (the Drive connect flow). */
  @IsUrl(LOCAL_URL)
  GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

  /** Google's OAuth token endpoint (code exchange, refresh, service-account grants). */
  @IsUrl(LOCAL_URL)
  GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

  /** Root of the Drive v3 API. */
  @IsUrl(LOCAL_URL)
  GOOGLE_DRIVE_ROOT_URL = 'https://www.googleapis.com/';

  /** A service account key file's JSON: lets users without a Google connection import folders shared with it. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_SERVICE_ACCOUNT_JSON?: string;

  /** Where YouTube's InnerTube and timedtext endpoints are reached. */
  @IsUrl(LOCAL_URL)
  YOUTUBE_BASE_URL = 'https://www.youtube.com';

  /** HTTP(S) proxy for all YouTube traffic, for hosts YouTube blocks (e.g. http://user:pass@proxy:3128). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  YOUTUBE_PROXY_URL?: string;

  @IsString()
  @MinLength(1)
  STORAGE_DIR = './storage';

  /** Largest uploaded file, in bytes (default 500 MB); larger ones get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_MAX_BYTES = 500 * 1024 * 1024;

  /** Longest pasted or edited document text, in characters. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DOCUMENT_MAX_CHARS = 1_000_000;

  /** Lifetime of signed media URLs, in seconds: the default and the longest a caller may ask for (60 s – 7 days). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(604_800)
  MEDIA_URL_TTL_S = 3600;

  /** Transcription endpoint when it is not the chat model's (e.g. Groq or a local Whisper server); defaults to OPENAI_BASE_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  TRANSCRIBE_BASE_URL?: string;

  /** Key for TRANSCRIBE_BASE_URL; defaults to OPENAI_API_KEY. Transcription is unavailable when neither is set. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TRANSCRIBE_API_KEY?: string;

  /** Jobs a worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  /** Chapters of one generate_blog job written at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  CHAPTER_CONCURRENCY = 3;

  /** Attempts a job gets before it ends failed (BullMQ retries with exponential backoff). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  JOB_ATTEMPTS = 3;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  JOB_BACKOFF_MS = 2000;

  /** On SIGTERM the worker waits this long for active jobs, then releases them to other workers. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WORKER_SHUTDOWN_GRACE_MS = 60_000;

  /** A running job's lock lifetime (renewed every half of it); a dead worker's jobs are taken over after about this long. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 30_000;
}

/** Thrown when the environment does not validate; its message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

const TYPE_CONSTRAINTS = ['isInt', 'isUrl', 'isIn', 'isString'];

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  // Values are never echoed: several variables are secrets or hold passwords.
  const problems = validateSync(env).map((error) => {
    const constraints = error.constraints ?? {};
    // Say what kind of value is wanted before saying which bound it missed.
    const key = TYPE_CONSTRAINTS.find((name) => name in constraints) ?? Object.keys(constraints)[0];
    return key ? constraints[key]! : `${error.property} is invalid`;
  });
  if (env.NODE_ENV === 'production') {
    if (env.APP_SECRET === DEVELOPMENT_APP_SECRET) {
      problems.push('APP_SECRET: must be set to a random value of at least 32 characters in production');
    }
    if (raw.PUBLIC_URL === undefined) {
      problems.push('PUBLIC_URL: must be set in production');
    }
  }
  if (env.IMAGE_MODEL && !env.IMAGE_API_KEY && !env.OPENAI_API_KEY) {
    problems.push('IMAGE_API_KEY: must be set (or OPENAI_API_KEY) when IMAGE_MODEL is set; any value for servers without keys');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}
