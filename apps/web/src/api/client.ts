import { Scriptorium } from '@scriptorium/sdk';

export const CSRF_COOKIE = 'scriptorium_csrf';

/** The session's CSRF token, from the cookie the API set at sign-in (readable on purpose). */
export function csrfToken(cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Every write sent with the session cookie carries the CSRF token: the API refuses a
 * cookie-authenticated write without it (403 csrf_token_invalid).
 */
export const withCsrf =
  (base: typeof fetch, token: () => string | undefined = () => csrfToken()): typeof fetch =>
  (input, init) => {
    const request = new Request(input, init);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const value = token();
      if (value) request.headers.set('X-CSRF-Token', value);
    }
    return base(request);
  };

/** The one client of the dashboard: the generated SDK on the page's own origin, signed in by the session cookie. */
export const api = new Scriptorium({ baseUrl: '', fetch: withCsrf((input, init) => globalThis.fetch(input, init)) });
