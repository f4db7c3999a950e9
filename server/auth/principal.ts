import type { Role } from '../../src/shared/fleet-api.js';

/**
 * Who is making a request to the fleet API, resolved once per request by the auth plugin
 * (server/auth) from the session cookie or an API key. Every fleet query is scoped by
 * `orgId`: that is the whole of org isolation, so it never comes from the request itself.
 */
export type Principal =
  | { kind: 'session'; orgId: string; role: Role; userId: string; sessionIdHash: string }
  | { kind: 'api-key'; orgId: string; role: Role; apiKeyId: string };
