/** BullMQ queue names. */
export const QUEUES = {
  /** Every user-facing job (ingestion, pipelines, steps). */
  JOBS: 'jobs',
  /** Housekeeping on a schedule (no jobs rows): idempotency-key cleanup, later usage reporting. */
  MAINTENANCE: 'maintenance',
  /** Outbound webhook deliveries (one BullMQ job per delivery and round; retried with backoff). */
  WEBHOOKS: 'webhooks',
} as const;

/** Repeatable maintenance tasks (job names on the maintenance queue). */
export const MAINTENANCE_TASKS = {
  IDEMPOTENCY_CLEANUP: 'idempotency_cleanup',
  /** Sends unreported billable usage events to Stripe Billing meter events. */
  USAGE_METER_REPORT: 'usage_meter_report',
  /** Ends unfinished jobs rows whose queue job is gone (JobRecovery.reconcile). */
  JOBS_RECONCILE: 'jobs_reconcile',
} as const;

/**
 * Every job type the worker runs. The worker refuses to start unless each type
 * has exactly one handler (see JobHandlerRegistry).
 */
export const JOB_TYPES = {
  /** Runs N timed steps and echoes its input: an operator's end-to-end check of API → queue → worker → Postgres. */
  DIAGNOSTICS: 'diagnostics',
  /** Extracts, transcribes or optimizes uploaded files into documents and media. */
  INGEST_UPLOAD: 'ingest_upload',
  /** Fetches a YouTube video's captions into a document. */
  INGEST_YOUTUBE: 'ingest_youtube',
  /** Imports the files of a Google Drive folder as documents and media, skipping unchanged ones. */
  INGEST_DRIVE_FOLDER: 'ingest_drive_folder',
  /** One AI step run on its own (POST /api/v1/steps/<name>). */
  STEP_OUTLINE: 'step_outline',
  STEP_CHAPTERS: 'step_chapters',
  STEP_SEO: 'step_seo',
  STEP_IMAGES_PLAN: 'step_images_plan',
  /** Chooses or generates each planned chapter image and stores it optimized as media. */
  STEP_IMAGES_GENERATE: 'step_images_generate',
  STEP_COMPOSE: 'step_compose',
  STEP_TRANSCRIPT_FETCH: 'step_transcript_fetch',
  /** The whole pipeline: outline → SEO, chapters and images in parallel → compose → a post. */
  GENERATE_BLOG: 'generate_blog',
  /** Sends a post to a WordPress or Ghost blog (a publishing target): images, then the post, created or updated. */
  PUBLISH_POST: 'publish_post',
  /** Generates a post's chapter image again with the image model and saves it as a new version of the post. */
  POST_IMAGE_REGENERATE: 'post_image_regenerate',
  /** Many generate_blog jobs as one (POST /api/v1/batches): launches them as its children, within a total max_cost. */
  BATCH: 'batch',
  /** The account's posts as a sanitized JSONL training dataset in storage (POST /api/v1/exports/training). */
  EXPORT_TRAINING: 'export_training',
} as const;

export type JobType = (typeof JOB_TYPES)[keyof typeof JOB_TYPES];
export const ALL_JOB_TYPES: readonly JobType[] = Object.values(JOB_TYPES);

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];

export const STEP_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** What travels on the queue: only the id; the row in `jobs` is the truth. */
export interface QueuedJobData {
  jobId: string;
}
