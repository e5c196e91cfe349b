import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for Stripe's `POST /v1/billing/meter_events` (form-encoded, answered like Stripe). */

export interface FakeMeterEvent {
  event_name: string;
  identifier: string;
  timestamp: number;
  payload: Record<string, string>;
  /** Whether the fake accepted it (200) or failed it (500). */
  accepted: boolean;
  authorization?: string;
}

export interface FakeStripeMeter {
  host: string;
  port: number;
  /** Every meter event request, in order of arrival. */
  requests: FakeMeterEvent[];
  /** Identifiers of the accepted events, in order (a duplicate would appear twice). */
  accepted(): string[];
  /** Answers 500 to `count` requests, after letting `after` more requests through first. */
  failNext(count: number, after?: number): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${Date.now()}` });
  res.end(JSON.stringify(body));
}

export async function startFakeStripeMeter(options: { delayMs?: number } = {}): Promise<FakeStripeMeter> {
  const requests: FakeMeterEvent[] = [];
  let passBeforeFailing = 0;
  let failures = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== '/v1/billing/meter_events') {
        send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}).` } });
        return;
      }
      const form = new URLSearchParams(body);
      const payload: Record<string, string> = {};
      for (const [key, value] of form) {
        const match = /^payload\[(.+)\]$/.exec(key);
        if (match) payload[match[1]] = value;
      }
      let accepted = true;
      if (failures > 0) {
        if (passBeforeFailing > 0) passBeforeFailing -= 1;
        else {
          failures -= 1;
          accepted = false;
        }
      }
      const event: FakeMeterEvent = {
        event_name: form.get('event_name') ?? '',
        identifier: form.get('identifier') ?? '',
        timestamp: Number(form.get('timestamp')),
        payload,
        accepted,
        authorization: req.headers.authorization,
      };
      requests.push(event);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (!accepted) {
        send(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred (fake).' } });
        return;
      }
      send(res, 200, {
        object: 'billing.meter_event',
        created: Math.floor(Date.now() / 1000),
        event_name: event.event_name,
        identifier: event.identifier,
        livemode: false,
        payload: event.payload,
        timestamp: event.timestamp,
      });
    })().catch((error: unknown) => send(res, 500, { error: { type: 'api_error', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    requests,
    accepted: () => requests.filter((r) => r.accepted).map((r) => r.identifier),
    failNext: (count, after = 0) => {
      failures = count;
      passBeforeFailing = after;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
