import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStripeRequest {
  method: string;
  path: string;
  /** The form-encoded body, decoded into nested objects (`metadata[user_id]` → {metadata: {user_id}}). */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface FakeStripe {
  host: string;
  port: number;
  requests: FakeStripeRequest[];
  customers: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

/** Stripe's bracketed form encoding (`a[b][0][c]=v`) into nested objects (arrays stay objects keyed by index). */
export function decodeStripeForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': id('req_') });
  res.end(JSON.stringify(body));
}

/**
 * The part of Stripe's REST API the app uses, as the SDK speaks it: Bearer secret key,
 * form-encoded POSTs, JSON objects with Stripe's id prefixes and `url` fields, and
 * Idempotency-Key replay on customer creation.
 */
export async function startFakeStripe(secretKey: string): Promise<FakeStripe> {
  const customers = new Map<string, Record<string, unknown>>();
  const idempotent = new Map<string, unknown>();
  const requests: FakeStripeRequest[] = [];
  const created = () => Math.floor(Date.now() / 1000);

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    const body = decodeStripeForm(raw);
    requests.push({ method: req.method ?? '', path, body, headers: req.headers });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && idempotent.has(`${path}:${key}`)) return send(res, 200, idempotent.get(`${path}:${key}`));
    const remember = (object: unknown) => {
      if (typeof key === 'string') idempotent.set(`${path}:${key}`, object);
      return send(res, 200, object);
    };
    if (req.method === 'POST' && path === '/v1/customers') {
      const customer = { id: id('cus_'), object: 'customer', created: created(), livemode: false, email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {} };
      customers.set(customer.id, customer);
      return remember(customer);
    }
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      if (typeof body.customer !== 'string' || !customers.has(body.customer)) {
        return send(res, 400, { error: { type: 'invalid_request_error', param: 'customer', message: `No such customer: '${String(body.customer)}'` } });
      }
      const sessionId = id('cs_test_');
      return remember({
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
      });
    }
    if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (typeof body.customer !== 'string' || !customers.has(body.customer)) {
        return send(res, 400, { error: { type: 'invalid_request_error', param: 'customer', message: `No such customer: '${String(body.customer)}'` } });
      }
      const sessionId = id('bps_');
      return remember({
        id: sessionId,
        object: 'billing_portal.session',
        created: created(),
        customer: body.customer,
        return_url: body.return_url ?? null,
        url: `https://billing.stripe.test/p/session/${sessionId}`,
      });
    }
    return send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    requests,
    customers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
