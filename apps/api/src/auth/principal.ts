import type { Scope, User } from '@app/shared';

/** Who is calling: a person through the session cookie, or an API key with its scopes. */
export interface Principal {
  user: User;
  via: 'session' | 'api_key';
  scopes: readonly Scope[];
  apiKeyId?: string;
  sessionId?: string;
}

export interface RequestWithPrincipal {
  principal?: Principal;
}

export const SESSION_COOKIE = 'scriptorium_session';
/** Readable by the page's scripts; its value goes back in the CSRF_HEADER of cookie-authenticated writes. */
export const CSRF_COOKIE = 'scriptorium_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const OAUTH_STATE_COOKIE = 'scriptorium_oauth_state';
