import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'scriptorium:public';

/** Opens a route or controller to callers without a session or API key. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const SIGNED_URL_ACCESS = 'scriptorium:signed-url-access';

/**
 * A request carrying a `signature` query parameter skips authentication: the handler verifies
 * the signature itself (a signed media URL). Without one, the route authenticates as usual.
 */
export const AllowSignedUrl = () => SetMetadata(SIGNED_URL_ACCESS, true);

export const API_KEY_ONLY = 'scriptorium:api-key-only';
/** The route takes an API key only: a session cookie is not a credential here (401, before any CSRF check). */
export const ApiKeyOnly = () => SetMetadata(API_KEY_ONLY, true);
