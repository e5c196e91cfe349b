import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '@app/shared';
import { storageConfig } from '../storage/storage.config.js';

/** The name a media's file is served under: `original`, or `<width>.<format>` for an optimized variant (e.g. `768.webp`). */
export const ORIGINAL_VARIANT = 'original';

export function variantName(variant: { width: number; format: string }): string {
  return `${variant.width}.${variant.format}`;
}

/** A media URL that works without credentials until `expires_at` (ISO 8601). */
export interface SignedMediaUrl {
  url: string;
  expires_at: string;
}

/** What a media URL's `expires` + `signature` amount to. */
export type SignatureCheck = 'ok' | 'expired' | 'invalid';

const HKDF_INFO = 'scriptorium:media-url:v1';
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/**
 * Characters of a variant name as url() writes it (`original`, `<width>.<format>`, or percent-escapes).
 * Not `(`, `)`, `'`: they end a URL in Markdown links and quoted attributes.
 */
const VARIANT_CHARS = 'A-Za-z0-9._~%-';
const SIGNATURE_BYTES = 32;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * URLs of media files under PUBLIC_URL: stable ones (`<PUBLIC_URL>/api/v1/media/<id>/<variant>`,
 * served to the owner's credentials) and signed ones, the stable URL plus
 * `?expires=<unix seconds>&signature=<base64url HMAC-SHA256 of "<id>/<variant>/<expires>">`,
 * served to anyone until they expire. The HMAC key is derived from APP_SECRET with HKDF, so
 * rotating APP_SECRET invalidates every signed URL. MEDIA_URL_TTL_S is both the default lifetime
 * and the longest one: a URL claiming to live longer is rejected as forged.
 */
@Injectable()
export class MediaUrls {
  private readonly base: string;
  private readonly key: Buffer;
  private readonly stableUrlPattern: RegExp;
  /** Default and longest lifetime of a signed URL, in seconds. */
  readonly maxTtlSeconds: number;

  constructor(
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    @Inject(storageConfig.KEY) storage: ConfigType<typeof storageConfig>,
  ) {
    this.base = app.publicUrl.replace(/\/+$/, '');
    this.key = Buffer.from(hkdfSync('sha256', app.secret, Buffer.alloc(0), HKDF_INFO, 32));
    this.maxTtlSeconds = storage.mediaUrlTtlS;
    // A stable URL: not preceded by a URL character (so another host's path does not match),
    // and not already followed by a query (a signed URL is left as it is).
    this.stableUrlPattern = new RegExp(
      `(?<![\\w.~%/:-])${escapeRegExp(this.base)}/api/v1/media/(${UUID})/([${VARIANT_CHARS}]+)(?![${VARIANT_CHARS}]|\\?)`,
      'g',
    );
  }

  url(mediaId: string, variant: string): string {
    return `${this.base}/api/v1/media/${mediaId}/${encodeURIComponent(variant)}`;
  }

  /** The stable URL signed to work without credentials for `ttlSeconds` (1 … MEDIA_URL_TTL_S, default MEDIA_URL_TTL_S). */
  signedUrl(mediaId: string, variant: string, ttlSeconds: number = this.maxTtlSeconds, now: number = Date.now()): SignedMediaUrl {
    return this.signedAt(mediaId, variant, this.expiryFor(ttlSeconds, now));
  }

  /**
   * Checks a signed URL's query against its id and variant: 'ok', 'expired' (a genuine signature
   * past its expiry) or 'invalid' (tampered, malformed, signed with another key, or claiming a
   * lifetime beyond MEDIA_URL_TTL_S).
   */
  verify(mediaId: string, variant: string, expires: string | number, signature: string, now: number = Date.now()): SignatureCheck {
    const expiresText = String(expires);
    // Only the one spelling url() writes: no leading zeros, and no other base64url text decoding to
    // the same bytes (the last of 43 characters carries 2 unused bits), so a signed URL has no twins.
    if (!/^[1-9]\d{0,11}$/.test(expiresText) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return 'invalid';
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) return 'invalid';
    const expected = this.signature(mediaId, variant, Number(expiresText));
    if (!timingSafeEqual(given, expected)) return 'invalid';
    const nowSeconds = Math.floor(now / 1000);
    if (Number(expiresText) - nowSeconds > this.maxTtlSeconds) return 'invalid';
    return Number(expiresText) <= nowSeconds ? 'expired' : 'ok';
  }

  /**
   * Rewrites every stable media URL of this PUBLIC_URL inside Markdown, HTML or JSON text into a
   * signed one, all with the same expiry. Other URLs, and media URLs already carrying a query, stay as they are.
   */
  signUrlsIn(text: string, ttlSeconds: number = this.maxTtlSeconds, now: number = Date.now()): string {
    const expires = this.expiryFor(ttlSeconds, now);
    return text.replace(this.stableUrlPattern, (whole, id: string, encodedVariant: string) => {
      let variant: string;
      try {
        variant = decodeURIComponent(encodedVariant);
      } catch {
        return whole;
      }
      return this.signedAt(id, variant, expires).url;
    });
  }

  private expiryFor(ttlSeconds: number, now: number): number {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > this.maxTtlSeconds) {
      throw new RangeError(`ttlSeconds must be a whole number from 1 to ${this.maxTtlSeconds}`);
    }
    return Math.floor(now / 1000) + ttlSeconds;
  }

  private signedAt(mediaId: string, variant: string, expires: number): SignedMediaUrl {
    const signature = this.signature(mediaId, variant, expires).toString('base64url');
    return {
      url: `${this.url(mediaId, variant)}?expires=${expires}&signature=${signature}`,
      expires_at: new Date(expires * 1000).toISOString(),
    };
  }

  private signature(mediaId: string, variant: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${mediaId}/${variant}/${expires}`).digest();
  }
}
