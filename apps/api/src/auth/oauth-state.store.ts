import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { OAUTH_STATE_COOKIE } from './principal.js';

const STATE_TTL_MS = 10 * 60 * 1000;

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, ok: boolean, info?: { message: string }) => void;

/**
 * Binds an OAuth `state` to the browser without express-session: the state goes to the provider
 * and into a signed, httpOnly, short-lived cookie; the callback must bring back the same value.
 * GitHub login uses it as a passport-oauth2 state store; the Google Drive connect flow directly.
 */
export class CookieStateStore {
  constructor(
    private readonly secureCookies: boolean,
    private readonly cookie: { name: string; path: string } = { name: OAUTH_STATE_COOKIE, path: '/auth/github' },
  ) {}

  /** A new state, set in the cookie. */
  issue(res: Response): string {
    const state = randomBytes(24).toString('base64url');
    res.cookie(this.cookie.name, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
      signed: true,
      maxAge: STATE_TTL_MS,
      path: this.cookie.path,
    });
    return state;
  }

  /** Whether `providedState` is the one this browser was given; the cookie is spent either way. */
  check(req: Request, res: Response, providedState: unknown): boolean {
    const expected = req.signedCookies?.[this.cookie.name] as string | false | undefined;
    res.clearCookie(this.cookie.name, { path: this.cookie.path });
    return (
      typeof expected === 'string' &&
      typeof providedState === 'string' &&
      expected.length === providedState.length &&
      timingSafeEqual(Buffer.from(expected), Buffer.from(providedState))
    );
  }

  store(req: Request, callback: StoreCallback): void {
    callback(null, this.issue(req.res as Response));
  }

  verify(req: Request, providedState: string, callback: VerifyCallback): void {
    const ok = this.check(req, req.res as Response, providedState);
    callback(null, ok, ok ? undefined : { message: 'OAuth state does not match this browser' });
  }
}
