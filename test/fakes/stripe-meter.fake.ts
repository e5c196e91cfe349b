import type { FakeRequest } from './http.fake.js';
import { StripeProtocolFake } from './stripe.fake.js';

export interface FakeMeterEvent {
  event_name: string;
  identifier: string;
  timestamp: number;
  payload: Record<string, string>;
  /** Whether the fake accepted it (200) or failed it (500). */
  accepted: boolean;
  authorization?: string;
}

const ROUTE = '/v1/billing/meter_events';

/** A local stand-in for Stripe's `POST /v1/billing/meter_events` (form-encoded, answered like Stripe). */
export class FakeStripeMeter extends StripeProtocolFake<FakeMeterEvent> {
  /** The key the app is given (the fake keeps what each request sends without refusing any). */
  readonly secretKey: string;

  constructor(options: { secretKey?: string; delayMs?: number } = {}) {
    super();
    this.secretKey = options.secretKey ?? 'sk_test_fake';
    this.latencyMs = options.delayMs ?? 0;
    this.route('POST', ROUTE, (request, reply) => {
      const event = this.record(request)!;
      reply.json(200, {
        object: 'billing.meter_event',
        created: Math.floor(Date.now() / 1000),
        event_name: event.event_name,
        identifier: event.identifier,
        livemode: false,
        payload: event.payload,
        timestamp: event.timestamp,
      });
    });
  }

  /** Identifiers of the accepted events, in order (a duplicate would appear twice). */
  accepted(): string[] {
    return this.requests.filter((r) => r.accepted).map((r) => r.identifier);
  }

  /** Answers 500 to `count` requests, after letting `after` more requests through first. */
  failNext(count: number, after = 0): void {
    this.fail({ times: count, after });
  }

  /** Every meter event request, in order of arrival. */
  protected override record(request: FakeRequest): FakeMeterEvent | undefined {
    if (!request.routed) return undefined;
    const form = (request.body ?? {}) as { event_name?: string; identifier?: string; timestamp?: string; payload?: Record<string, string> };
    return {
      event_name: form.event_name ?? '',
      identifier: form.identifier ?? '',
      timestamp: Number(form.timestamp),
      payload: form.payload ?? {},
      accepted: !request.failure,
      authorization: request.headers.authorization,
    };
  }
}

export function startFakeStripeMeter(options: { secretKey?: string; delayMs?: number } = {}): Promise<FakeStripeMeter> {
  return new FakeStripeMeter(options).start();
}
