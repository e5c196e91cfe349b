import { Webhook } from 'standardwebhooks';
import { HttpFake, type FakeReply, type FakeRequest } from './http.fake.js';

/** A webhook as the receiver got it: the Standard Webhooks headers, the body, and whether its signature verified. */
export interface ReceivedWebhook {
  path: string;
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The verified payload ({type, timestamp, data}); null when the signature did not verify (or no secret was registered). */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  /** The parsed body, verified or not. */
  body: unknown;
  receivedAt: number;
  status?: number;
}

/**
 * A customer's webhook receiver: POST /hooks/<name> verifies each delivery with the
 * `standardwebhooks` library against the secret registered for <name> and answers 204 (a scripted
 * failure answers 500 first). /redirect?to=<url> answers 307 to `to`, to test redirects.
 */
export class FakeWebhookReceiver extends HttpFake<ReceivedWebhook> {
  private readonly secrets = new Map<string, string>();

  constructor() {
    super();
    this.route('POST', /^\/hooks\/(?<name>[\w-]+)$/, (_request, reply) => reply.status(204));
    this.route('POST', '/redirect', (request, reply) => reply.status(307, { location: request.query.to ?? '/' }));
  }

  /** The URL of receiver <name>, whose deliveries are verified with `secret` once it is given. */
  hook(name: string): string {
    return `${this.origin}/hooks/${name}`;
  }

  verifyWith(name: string, secret: string): void {
    this.secrets.set(`/hooks/${name}`, secret);
  }

  /** What receiver <name> got, in order. */
  received(name: string): ReceivedWebhook[] {
    return this.requests.filter((request) => request.path === `/hooks/${name}`);
  }

  protected override record(request: FakeRequest): ReceivedWebhook {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const secret = this.secrets.get(request.path);
    let payload: ReceivedWebhook['payload'] = null;
    if (secret) {
      try {
        payload = new Webhook(secret).verify(request.raw.toString('utf8'), {
          'webhook-id': header('webhook-id') ?? '',
          'webhook-timestamp': header('webhook-timestamp') ?? '',
          'webhook-signature': header('webhook-signature') ?? '',
        }) as ReceivedWebhook['payload'];
      } catch {
        payload = null;
      }
    }
    const received: ReceivedWebhook = {
      path: request.path,
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
      payload,
      body: request.body,
      receivedAt: request.receivedAt,
    };
    // The answer's status, once given (FakeReply sets it on the request).
    Object.defineProperty(received, 'status', { enumerable: true, get: () => request.status });
    return received;
  }

  protected override failed(_request: FakeRequest, reply: FakeReply, failure: { status: number }): void {
    reply.send(failure.status, 'receiver down', 'text/plain');
  }
}
