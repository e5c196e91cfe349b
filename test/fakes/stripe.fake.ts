import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpFake, type FakeReply, type FakeRequest, type ScriptedFailure } from './http.fake.js';

export interface FakeStripeRequest {
  method: string;
  path: string;
  /** The form-encoded body, decoded into nested objects (`metadata[user_id]` → {metadata: {user_id}}). */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/**
 * What the Stripe fakes share: form-encoded requests (decoded with bracket nesting into
 * `request.body`), JSON answers with a Request-Id, and Stripe's error objects.
 */
export class StripeProtocolFake<Recorded = FakeRequest> extends HttpFake<Recorded> {
  protected stripeError(reply: FakeReply, status: number, type: string, message: string, param?: string): void {
    reply.json(status, { error: { type, ...(param ? { param } : {}), message } });
  }

  protected override answerHeaders(): Record<string, string> {
    return { 'Request-Id': id('req_') };
  }

  protected override notFound(request: FakeRequest, reply: FakeReply): void {
    this.stripeError(reply, 404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.path})`);
  }

  protected override failed(_request: FakeRequest, reply: FakeReply, failure: ScriptedFailure): void {
    this.stripeError(reply, failure.status, 'api_error', 'An unknown error occurred (fake).');
  }

  protected override crashed(_request: FakeRequest, reply: FakeReply, error: unknown): void {
    this.stripeError(reply, 500, 'api_error', String(error));
  }
}

/**
 * The part of Stripe's REST API the app uses, as the SDK speaks it: Bearer secret key,
 * form-encoded POSTs, JSON objects with Stripe's id prefixes and `url` fields, and
 * Idempotency-Key replay on creation.
 */
export class FakeStripe extends StripeProtocolFake<FakeStripeRequest> {
  readonly customers = new Map<string, Record<string, unknown>>();
  private readonly idempotent = new Map<string, unknown>();

  constructor(readonly secretKey: string) {
    super();
    this.route('POST', '/v1/customers', (request, reply) =>
      this.create(request, reply, (body) => {
        const customer = { id: id('cus_'), object: 'customer', created: created(), livemode: false, email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {} };
        this.customers.set(customer.id, customer);
        return customer;
      }),
    );
    this.route('POST', '/v1/checkout/sessions', (request, reply) =>
      this.create(request, reply, (body) => {
        if (!this.knowsCustomer(body, reply)) return undefined;
        const sessionId = id('cs_test_');
        return {
          id: sessionId,
          object: 'checkout.session',
          created: created(),
          customer: body.customer,
          mode: body.mode,
          client_reference_id: body.client_reference_id ?? null,
          metadata: body.metadata ?? {},
          success_url: body.success_url,
          cancel_url: body.cancel_url,
          status: 'open',
          payment_status: 'unpaid',
          url: `https://checkout.stripe.test/c/pay/${sessionId}`,
        };
      }),
    );
    this.route('POST', '/v1/billing_portal/sessions', (request, reply) =>
      this.create(request, reply, (body) => {
        if (!this.knowsCustomer(body, reply)) return undefined;
        const sessionId = id('bps_');
        return {
          id: sessionId,
          object: 'billing_portal.session',
          created: created(),
          customer: body.customer,
          return_url: body.return_url ?? null,
          url: `https://billing.stripe.test/p/session/${sessionId}`,
        };
      }),
    );
  }

  protected override record(request: FakeRequest): FakeStripeRequest {
    return { method: request.method, path: request.path, body: (request.body ?? {}) as Record<string, unknown>, headers: request.headers };
  }

  /** Checks the key, replays a known Idempotency-Key, else answers what `make` creates (it answers its own errors). */
  private create(request: FakeRequest, reply: FakeReply, make: (body: Record<string, unknown>) => Record<string, unknown> | undefined): void {
    if (request.headers.authorization !== `Bearer ${this.secretKey}`) return this.stripeError(reply, 401, 'invalid_request_error', 'Invalid API Key provided');
    const key = request.headers['idempotency-key'];
    const remembered = typeof key === 'string' ? `${request.path}:${key}` : undefined;
    if (remembered && this.idempotent.has(remembered)) return reply.json(200, this.idempotent.get(remembered));
    const object = make((request.body ?? {}) as Record<string, unknown>);
    if (!object) return;
    if (remembered) this.idempotent.set(remembered, object);
    reply.json(200, object);
  }

  private knowsCustomer(body: Record<string, unknown>, reply: FakeReply): boolean {
    if (typeof body.customer === 'string' && this.customers.has(body.customer)) return true;
    this.stripeError(reply, 400, 'invalid_request_error', `No such customer: '${String(body.customer)}'`, 'customer');
    return false;
  }
}

const created = () => Math.floor(Date.now() / 1000);

export function startFakeStripe(secretKey: string): Promise<FakeStripe> {
  return new FakeStripe(secretKey).start();
}
