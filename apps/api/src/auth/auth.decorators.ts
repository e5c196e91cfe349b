import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Scope, User } from '@app/shared';
import type { Principal, RequestWithPrincipal } from './principal.js';

export const REQUIRED_SCOPES = 'scriptorium:required-scopes';

/** The API key must hold every listed scope (a session holds all). */
export const RequireScopes = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    ApiForbiddenResponse({ description: `the API key lacks the scope ${scopes.join(' and ')} (insufficient_scope)` }),
  );

/** The authenticated user of this request. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): User => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentUser used on a public route');
  return principal.user;
});

/** The whole principal (user, how it authenticated, scopes). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a public route');
    return principal;
  },
);
