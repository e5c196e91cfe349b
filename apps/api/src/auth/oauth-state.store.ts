import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { OAUTH_STATE_COOKIE } from './principal.js';

const STATE_TTL_MS = 10 * 60 * 1000;

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, ok: boolean, info?: { message: string }) => void;

/**
 * passport-oauth2 state store binding `state` to the browser without express-session: the
 * state goes to GitHub and into a signed, httpOnly, short-lived cookie; the callback must
 * bring back the same value.
 */
export class CookieStateStore {
  constructor(private readonly secureCookies: boolean) {}

  store(req: Request, callback: StoreCallback): void {
    const state = randomBytes(24).toString('base64url');
    (req.res as Response).cookie(OAUTH_STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
      signed: true,
      maxAge: STATE_TTL_MS,
      path: '/auth/github',
    });
    callback(null, state);
  }

  verify(req: Request, providedState: string, callback: VerifyCallback): void {
    const expected = req.signedCookies?.[OAUTH_STATE_COOKIE] as string | false | undefined;
    (req.res as Response).clearCookie(OAUTH_STATE_COOKIE, { path: '/auth/github' });
    const ok =
      typeof expected === 'string' &&
      typeof providedState === 'string' &&
      expected.length === providedState.length &&
      timingSafeEqual(Buffer.from(expected), Buffer.from(providedState));
    callback(null, ok, ok ? undefined : { message: 'OAuth state does not match this browser' });
  }
}
