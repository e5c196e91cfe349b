/**
 * Every stable error code Scriptorium gives, in one vocabulary. A code travels unchanged from where
 * it is raised (a lib, an API guard, the worker) into a job's `error.code` and into the problem+json
 * `type` of an answer. Which HTTP status a code gets is decided once, at the edge
 * (apps/api/src/http/error-status.ts); whether a failed job retries is decided where it is raised.
 */
export const ERROR_CODES = [
  // Requests
  'bad_request',
  'unauthorized',
  'insufficient_scope',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'service_unavailable',
  'internal_error',
  'idempotency_key_reused',
  'idempotency_request_in_flight',
  'method_not_allowed',
  'invalid_last_event_id',
  // Accounts and sign-in
  'login_failed',
  'csrf_token_invalid',
  'github_login_unavailable',
  'api_key_not_found',
  // Documents, posts, media
  'document_not_found',
  'document_empty',
  'version_mismatch',
  'post_not_found',
  'post_version_not_found',
  'slug_taken',
  'brand_voice_not_found',
  'url_expired',
  'signature_invalid',
  // Jobs
  'job_not_found',
  'job_finished',
  'batch_not_found',
  'training_consent_required',
  'enqueue_failed',
  'worker_lost',
  'bad_input',
  'diagnostics_step_failed',
  'timeout',
  // Writing
  'source_too_short',
  'language_unsupported',
  // Billing
  'credits_exhausted',
  'billing_not_configured',
  'billing_customer_missing',
  'spending_cap_reached',
  // Model routing
  'model_not_allowed',
  // Files and extraction
  'empty_file',
  'file_too_large',
  'pdf_encrypted',
  'pdf_corrupt',
  'docx_corrupt',
  'unsupported_type',
  'text_undecodable',
  'no_text_found',
  'too_little_text',
  // Images
  'image_too_large',
  'image_corrupt',
  'image_unsupported',
  /** A chapter image could not be generated again (no image model, or the model failed). */
  'image_generation_failed',
  // Transcription
  'media_corrupt',
  'no_audio',
  'transcription_unavailable',
  'transcription_auth_failed',
  'transcription_rejected',
  'transcription_failed',
  // YouTube
  'invalid_url',
  'video_unavailable',
  'playlist_unavailable',
  'captions_disabled',
  'no_track_in_langs',
  'audio_unavailable',
  'youtube_login_required',
  'age_restricted',
  'live_not_supported',
  'blocked',
  'upstream_error',
  // Google Drive
  'google_not_configured',
  'google_consent_denied',
  'integration_not_found',
  'drive_not_connected',
  'drive_auth_failed',
  'drive_forbidden',
  'drive_not_found',
  'drive_rate_limited',
  'drive_export_unsupported',
  'drive_file_too_large',
  'drive_folder_too_large',
  'drive_upstream_error',
  // Models
  'model_invalid_output',
  'model_provider_error',
  'model_timeout',
  'model_rate_limited',
  // Outbound webhooks
  'url_not_allowed',
  'webhook_endpoint_not_found',
  'webhook_delivery_not_found',
  'webhook_endpoint_limit',
  'webhook_endpoint_disabled',
  // Publishing to WordPress and Ghost
  'publish_target_not_found',
  'publish_target_limit',
  'publish_unauthorized',
  'publish_target_gone',
  'publish_too_large',
  'publish_rejected',
  'publish_upstream_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
