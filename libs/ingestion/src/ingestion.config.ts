import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Min, MinLength } from 'class-validator';
import { defineConfig, emptyToUndefined, LOCAL_URL, toInt } from '@app/shared';

/** DOCUMENT_MAX_CHARS' default; request DTOs bound text fields by it (the configured value is enforced at run time). */
export const DEFAULT_DOCUMENT_MAX_CHARS = 1_000_000;
/** UPLOAD_MAX_BYTES' default (500 MB): also the YouTube client's audio limit when it is given none. */
export const DEFAULT_UPLOAD_MAX_BYTES = 500 * 1024 * 1024;
export const DEFAULT_YOUTUBE_BASE_URL = 'https://www.youtube.com';
export const DEFAULT_GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const DEFAULT_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

class IngestionVariables {
  /** Largest uploaded file, in bytes (default 500 MB); larger ones get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_MAX_BYTES = DEFAULT_UPLOAD_MAX_BYTES;

  /** Longest pasted or edited document text, in characters. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DOCUMENT_MAX_CHARS = DEFAULT_DOCUMENT_MAX_CHARS;

  /** Where YouTube's InnerTube and timedtext endpoints are reached. */
  @IsUrl(LOCAL_URL)
  YOUTUBE_BASE_URL = DEFAULT_YOUTUBE_BASE_URL;

  /** HTTP(S) proxy for all YouTube traffic, for hosts YouTube blocks (e.g. http://user:pass@proxy:3128). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  YOUTUBE_PROXY_URL?: string;

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
  GOOGLE_AUTH_URL = DEFAULT_GOOGLE_AUTH_URL;

  /** Google's OAuth token endpoint (code exchange, refresh, service-account grants). */
  @IsUrl(LOCAL_URL)
  GOOGLE_TOKEN_URL = DEFAULT_GOOGLE_TOKEN_URL;

  /** Root of the Drive v3 API. */
  @IsUrl(LOCAL_URL)
  GOOGLE_DRIVE_ROOT_URL = 'https://www.googleapis.com/';

  /** A service account key file's JSON: lets users without a Google connection import folders shared with it. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_SERVICE_ACCOUNT_JSON?: string;

  @IsString()
  @MinLength(1)
  TRANSCRIBE_MODEL = 'whisper-1';

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
}

/** Documents and their sources: size limits, YouTube, Google Drive, transcription. */
export const ingestionConfig = defineConfig('ingestion', {
  variables: IngestionVariables,
  map: (env) => ({
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    documentMaxChars: env.DOCUMENT_MAX_CHARS,
    youtube: { baseUrl: env.YOUTUBE_BASE_URL, proxyUrl: env.YOUTUBE_PROXY_URL },
    google: {
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      authUrl: env.GOOGLE_AUTH_URL,
      tokenUrl: env.GOOGLE_TOKEN_URL,
      driveRootUrl: env.GOOGLE_DRIVE_ROOT_URL,
      serviceAccountJson: env.GOOGLE_SERVICE_ACCOUNT_JSON,
    },
    /** As set: an unset base URL or key falls back to the models slice's OpenAI endpoint. */
    transcription: { model: env.TRANSCRIBE_MODEL, baseUrl: env.TRANSCRIBE_BASE_URL, apiKey: env.TRANSCRIBE_API_KEY },
  }),
});
