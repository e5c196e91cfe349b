import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import ipaddr from 'ipaddr.js';
import { DomainError, webhooksConfig } from '@app/shared';

/** Why an address may not be a webhook target (its range, e.g. `loopback`), or null for a public unicast one. */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

/** The refusal of a target, as a 400 naming the `url` field. */
export function targetRefused(message: string): DomainError {
  return new DomainError('url_not_allowed', `url: ${message}`, { errors: [{ field: 'url', message }] });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Where webhooks may go (SSRF): http(s) URLs without credentials whose host is, or resolves only
 * to, public unicast addresses — never private, loopback, link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, unique-local, multicast or reserved ones. Hosts in
 * WEBHOOK_ALLOWED_HOSTS are exempt. A URL is checked before every request (redirects included), and
 * the HTTP client resolves names through `lookup`, which checks the addresses it is about to
 * connect to again, so a name that resolves differently the second time (DNS rebinding) is refused.
 */
@Injectable()
export class WebhookTargetPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(@Inject(webhooksConfig.KEY) settings: ConfigType<typeof webhooksConfig>) {
    this.allowed = new Set(settings.allowedHosts.map(normalizeHost));
  }

  /** The URL parsed, when it may be a target; a `url_not_allowed` DomainError saying why otherwise. */
  async check(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw targetRefused('must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw targetRefused('must be an http or https URL');
    if (url.username || url.password) throw targetRefused('must not contain credentials');
    const host = normalizeHost(url.hostname);
    if (this.allowed.has(host)) return url;
    const addresses = isIP(host) ? [host] : await resolve(host);
    for (const address of addresses) {
      const range = forbiddenRange(address);
      if (range) {
        const what = host === address ? `${host} is` : `${host} resolves to`;
        throw targetRefused(`${what} a ${range} address (${address}); webhooks go to public addresses only`);
      }
    }
    return url;
  }

  /** `dns.lookup` for the HTTP client's connections: refuses a name that resolves to a forbidden address. */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!this.allowed.has(normalizeHost(hostname))) {
        const forbidden = addresses.find((entry) => forbiddenRange(entry.address) !== null);
        if (forbidden) {
          const refusal = Object.assign(new Error(`${hostname} resolves to a forbidden address (${forbidden.address})`), { code: 'ETARGETREFUSED' });
          return callback(refusal, []);
        }
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first!.address, first!.family);
    });
  };
}

/** Lower case, without IPv6 brackets or a trailing dot (`LOCALHOST.` is `localhost`). */
function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

async function resolve(host: string): Promise<string[]> {
  const addresses = await new Promise<LookupAddress[]>((done, fail) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, found) => (error ? fail(error) : done(found))),
  ).catch(() => {
    throw targetRefused(`${host} does not resolve`);
  });
  if (addresses.length === 0) throw targetRefused(`${host} does not resolve`);
  return addresses.map((entry) => entry.address);
}
