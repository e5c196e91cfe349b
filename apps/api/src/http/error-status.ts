import { HttpStatus } from '@nestjs/common';
import type { ErrorCode } from '@app/shared';

/**
 * The HTTP status of every domain error code, in one table: the only place where a code meets
 * HTTP. Codes that only a job reports (a corrupt PDF, a blocked YouTube request) have one too, for
 * the routes that run work inline (`Prefer: wait`, synchronous steps).
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, HttpStatus>> = {
  bad_request: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  insufficient_scope: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  service_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal_error: HttpStatus.INTERNAL_SERVER_ERROR,
  idempotency_key_reused: HttpStatus.UNPROCESSABLE_ENTITY,
  idempotency_request_in_flight: HttpStatus.CONFLICT,
  method_not_allowed: HttpStatus.METHOD_NOT_ALLOWED,
  invalid_last_event_id: HttpStatus.BAD_REQUEST,

  login_failed: HttpStatus.UNAUTHORIZED,
  csrf_token_invalid: HttpStatus.FORBIDDEN,
  github_login_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  api_key_not_found: HttpStatus.NOT_FOUND,

  document_not_found: HttpStatus.NOT_FOUND,
  document_empty: HttpStatus.UNPROCESSABLE_ENTITY,
  version_mismatch: HttpStatus.PRECONDITION_FAILED,
  post_not_found: HttpStatus.NOT_FOUND,
  post_version_not_found: HttpStatus.NOT_FOUND,
  slug_taken: HttpStatus.CONFLICT,
  brand_voice_not_found: HttpStatus.NOT_FOUND,
  url_expired: HttpStatus.UNAUTHORIZED,
  signature_invalid: HttpStatus.UNAUTHORIZED,

  job_not_found: HttpStatus.NOT_FOUND,
  job_finished: HttpStatus.CONFLICT,
  batch_not_found: HttpStatus.NOT_FOUND,
  training_consent_required: HttpStatus.CONFLICT,
  enqueue_failed: HttpStatus.SERVICE_UNAVAILABLE,
  // Only a job reports it: the workers running it died too often (starting it again may succeed).
  worker_lost: HttpStatus.SERVICE_UNAVAILABLE,
  bad_input: HttpStatus.BAD_REQUEST,
  diagnostics_step_failed: HttpStatus.INTERNAL_SERVER_ERROR,
  // A job that ran past JOB_TIMEOUT_S (a job's error; inline only through Prefer: wait).
  timeout: HttpStatus.GATEWAY_TIMEOUT,

  // The request is well formed but its source cannot make a post (too short once cleaned; a
  // language the extractive engine cannot write in): 422, like an empty document.
  source_too_short: HttpStatus.UNPROCESSABLE_ENTITY,
  language_unsupported: HttpStatus.UNPROCESSABLE_ENTITY,

  credits_exhausted: HttpStatus.PAYMENT_REQUIRED,
  billing_not_configured: HttpStatus.SERVICE_UNAVAILABLE,
  billing_customer_missing: HttpStatus.CONFLICT,
  // A job's max_cost or the user's monthly cap: details.limit says which.
  spending_cap_reached: HttpStatus.PAYMENT_REQUIRED,
  // options.models or an account's model routes name a provider:model outside the allow-list; details.field names which.
  model_not_allowed: HttpStatus.UNPROCESSABLE_ENTITY,

  empty_file: HttpStatus.UNPROCESSABLE_ENTITY,
  file_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  pdf_encrypted: HttpStatus.UNPROCESSABLE_ENTITY,
  pdf_corrupt: HttpStatus.UNPROCESSABLE_ENTITY,
  docx_corrupt: HttpStatus.UNPROCESSABLE_ENTITY,
  unsupported_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  text_undecodable: HttpStatus.UNPROCESSABLE_ENTITY,
  no_text_found: HttpStatus.UNPROCESSABLE_ENTITY,
  too_little_text: HttpStatus.UNPROCESSABLE_ENTITY,

  image_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  image_corrupt: HttpStatus.UNPROCESSABLE_ENTITY,
  image_unsupported: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  image_generation_failed: HttpStatus.CONFLICT,

  media_corrupt: HttpStatus.UNPROCESSABLE_ENTITY,
  no_audio: HttpStatus.UNPROCESSABLE_ENTITY,
  transcription_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  transcription_auth_failed: HttpStatus.BAD_GATEWAY,
  transcription_rejected: HttpStatus.UNPROCESSABLE_ENTITY,
  transcription_failed: HttpStatus.BAD_GATEWAY,

  // Caption problems are 424 (the request depends on something YouTube cannot give) rather than
  // 422, which the 2026-11-25 decision keeps for an Idempotency-Key reused with another body.
  invalid_url: HttpStatus.BAD_REQUEST,
  video_unavailable: HttpStatus.NOT_FOUND,
  playlist_unavailable: HttpStatus.NOT_FOUND,
  captions_disabled: HttpStatus.FAILED_DEPENDENCY,
  no_track_in_langs: HttpStatus.FAILED_DEPENDENCY,
  audio_unavailable: HttpStatus.FAILED_DEPENDENCY,
  // YouTube wants a signed-in (or proof-of-origin) session, which this server does not have.
  youtube_login_required: HttpStatus.FAILED_DEPENDENCY,
  age_restricted: HttpStatus.FAILED_DEPENDENCY,
  live_not_supported: HttpStatus.FAILED_DEPENDENCY,
  blocked: HttpStatus.SERVICE_UNAVAILABLE,
  upstream_error: HttpStatus.BAD_GATEWAY,

  google_not_configured: HttpStatus.SERVICE_UNAVAILABLE,
  google_consent_denied: HttpStatus.FORBIDDEN,
  integration_not_found: HttpStatus.NOT_FOUND,
  drive_not_connected: HttpStatus.CONFLICT,
  // The user's Google grant is gone (revoked/expired refresh token): they must reconnect.
  drive_auth_failed: HttpStatus.FAILED_DEPENDENCY,
  drive_forbidden: HttpStatus.FORBIDDEN,
  drive_not_found: HttpStatus.NOT_FOUND,
  drive_rate_limited: HttpStatus.SERVICE_UNAVAILABLE,
  drive_export_unsupported: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  drive_file_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  drive_folder_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  drive_upstream_error: HttpStatus.BAD_GATEWAY,

  model_invalid_output: HttpStatus.BAD_GATEWAY,
  model_provider_error: HttpStatus.BAD_GATEWAY,
  model_timeout: HttpStatus.GATEWAY_TIMEOUT,
  model_rate_limited: HttpStatus.SERVICE_UNAVAILABLE,

  // A webhook URL that is or resolves to a private, loopback or link-local address is bad input.
  url_not_allowed: HttpStatus.BAD_REQUEST,
  webhook_endpoint_not_found: HttpStatus.NOT_FOUND,
  webhook_delivery_not_found: HttpStatus.NOT_FOUND,
  webhook_endpoint_limit: HttpStatus.CONFLICT,
  webhook_endpoint_disabled: HttpStatus.CONFLICT,

  publish_target_not_found: HttpStatus.NOT_FOUND,
  publish_target_limit: HttpStatus.CONFLICT,
  // The blog's answers, reported on publish_post jobs: the request depends on a blog that refused it.
  publish_unauthorized: HttpStatus.FAILED_DEPENDENCY,
  publish_target_gone: HttpStatus.FAILED_DEPENDENCY,
  publish_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  publish_rejected: HttpStatus.FAILED_DEPENDENCY,
  publish_upstream_error: HttpStatus.BAD_GATEWAY,
};
