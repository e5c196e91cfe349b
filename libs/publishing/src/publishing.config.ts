import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { defineConfig, toInt } from '@app/shared';

class PublishingVariables {
  /**
   * Hosts (names or IPs, comma-separated) a publishing target's URL may name although they are, or
   * resolve to, a private, loopback or link-local address: for tests and for blogs inside a private
   * network. Every other target must be public, as for webhooks.
   */
  @IsString()
  PUBLISH_ALLOWED_HOSTS = '';

  /** One request to a blog (connect, send, its answer); a timeout is retried like a 5xx. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300_000)
  PUBLISH_TIMEOUT_MS = 30_000;
}

/** Publishing to WordPress and Ghost: the hosts exempt from the address check, and the request timeout. */
export const publishingConfig = defineConfig('publishing', {
  variables: PublishingVariables,
  map: (env) => ({
    allowedHosts: env.PUBLISH_ALLOWED_HOSTS.split(',')
      .map((host) => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1'))
      .filter(Boolean),
    timeoutMs: env.PUBLISH_TIMEOUT_MS,
  }),
});
