import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from './principal.js';

/**
 * The CSRF token of a session: an HMAC of the session id under APP_SECRET. The browser gets it in a
 * cookie its scripts can read (the session cookie itself is HttpOnly) and sends it back in the
 * X-CSRF-Token header on every write; another site can neither read the cookie nor compute the value.
 */
export function csrfTokenFor(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

export function isCsrfTokenValid(sent: string | undefined, sessionId: string, secret: string): boolean {
  if (!sent) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId, secret));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signs the browser in: the HttpOnly session cookie and the readable CSRF cookie that goes with it. */
export function setSessionCookies(response: Response, sessionId: string, options: { secret: string; secure: boolean; maxAgeMs: number }): void {
  const common = { sameSite: 'lax' as const, secure: options.secure, maxAge: options.maxAgeMs, path: '/' };
  response.cookie(SESSION_COOKIE, sessionId, { ...common, httpOnly: true, signed: true });
  response.cookie(CSRF_COOKIE, csrfTokenFor(sessionId, options.secret), { ...common, httpOnly: false });
}

export function clearSessionCookies(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { path: '/' });
  response.clearCookie(CSRF_COOKIE, { path: '/' });
}
