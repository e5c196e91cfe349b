import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';
import { toInt } from '../config/env-transforms.js';

class WebhooksVariables {
  /**
   * Hosts (names or IPs, comma-separated) a webhook URL may name although they are, or resolve to,
   * a private, loopback or link-local address: for tests and for receivers inside a private network.
   */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';

  /** One delivery attempt: connect, send, and the receiver's answer. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The first retry delay; it doubles with each retry. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_MS = 30_000;

  /** How long a delivery is retried: no retry is scheduled past this (3 days). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400)
  WEBHOOK_RETRY_WINDOW_S = 3 * 86_400;

  /** Deliveries one worker process sends at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_CONCURRENCY = 10;
}

/**
 * Attempts of a delivery: the first, then retries after backoff, 2·backoff, 4·backoff … as long as
 * the last one starts within the retry window.
 */
export function deliveryAttempts(backoffMs: number, windowS: number): number {
  let retries = 0;
  while (retries < 30 && backoffMs * (2 ** (retries + 1) - 1) <= windowS * 1000) retries += 1;
  return retries + 1;
}

/** Outbound webhooks: the hosts exempt from the address check, timeouts and the retry schedule. */
export const webhooksConfig = defineConfig('webhooks', {
  variables: WebhooksVariables,
  map: (env) => ({
    allowedHosts: env.WEBHOOK_ALLOWED_HOSTS.split(',')
      .map((host) => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1'))
      .filter(Boolean),
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    backoffMs: env.WEBHOOK_BACKOFF_MS,
    retryWindowS: env.WEBHOOK_RETRY_WINDOW_S,
    attempts: deliveryAttempts(env.WEBHOOK_BACKOFF_MS, env.WEBHOOK_RETRY_WINDOW_S),
    concurrency: env.WEBHOOK_CONCURRENCY,
  }),
});
