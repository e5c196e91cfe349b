/** What an API key may do. A session (a person logged in with GitHub) has every scope. */
export const SCOPES = [
  'documents:read',
  'documents:write',
  'jobs:read',
  'jobs:write',
  'posts:read',
  'posts:write',
  'usage:read',
  'billing:read',
  'billing:write',
  'webhooks:read',
  'webhooks:write',
] as const;

export type Scope = (typeof SCOPES)[number];
