import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Webhook } from 'standardwebhooks';
import type { Agent } from 'undici';
import { DomainError, lazyPackage, webhooksConfig } from '@app/shared';
import { WebhookTargetPolicy } from '../targets/webhook-target.policy.js';

const MAX_REDIRECTS = 3;
/** What is read of a receiver's answer before it is dropped (its body is never kept). */
const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'Scriptorium-Webhooks/1';

/** A message as signed and sent: `webhook-id`, the JSON body, and the endpoint's `whsec_` secret. */
export interface OutgoingMessage {
  id: string;
  body: string;
  secret: string;
}

/** What one attempt got: a 2xx, or the status (null when nothing answered) and why it failed. */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/**
 * Sends one delivery attempt the Standard Webhooks way: `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (HMAC-SHA256 over `id.timestamp.body`, `v1,<base64>`). Every target, each
 * redirect's included, passes the WebhookTargetPolicy; at most 3 redirects are followed, re-sending
 * the same signed body.
 */
/** Loaded with the first delivery, not at start: an API process seldom sends one. */
const undici = lazyPackage<typeof import('undici')>('undici');

@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private agent?: Agent;

  constructor(
    private readonly policy: WebhookTargetPolicy,
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
  ) {}

  private dispatcher(): Agent {
    return (this.agent ??= new (undici().Agent)({
      connect: { lookup: this.policy.lookup, timeout: this.settings.timeoutMs },
      headersTimeout: this.settings.timeoutMs,
      bodyTimeout: this.settings.timeoutMs,
    }));
  }

  async send(url: string, message: OutgoingMessage, at = new Date()): Promise<AttemptResult> {
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(message.secret).sign(message.id, at, message.body),
    };
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    let target = url;
    try {
      for (let hop = 0; ; hop += 1) {
        const checked = await this.policy.check(target);
        const response = await undici().request(checked, { method: 'POST', headers, body: message.body, dispatcher: this.dispatcher(), signal });
        await response.body.dump({ limit: MAX_RESPONSE_BYTES }).catch(() => undefined);
        const location = response.headers.location;
        if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
          if (hop >= MAX_REDIRECTS) return { ok: false, status: response.statusCode, error: `more than ${MAX_REDIRECTS} redirects` };
          target = new URL(location, checked).toString();
          continue;
        }
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        return { ok, status: response.statusCode, error: ok ? null : `the endpoint answered ${response.statusCode}` };
      }
    } catch (error) {
      return { ok: false, status: null, error: describeFailure(error, this.settings.timeoutMs) };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent?.close();
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DomainError) return error.message;
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = (cause as { code?: unknown })?.code ?? (error as { code?: unknown })?.code;
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (code === 'ETARGETREFUSED') return `url: ${(cause as Error).message}; webhooks go to public addresses only`;
  return typeof code === 'string' ? `could not connect (${code})` : 'could not connect';
}
