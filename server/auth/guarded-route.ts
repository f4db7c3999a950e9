import type { FastifySchema } from 'fastify';
import type { Role } from '../../src/shared/fleet-api.js';
import { FLEET_SECURITY } from '../docs/openapi-document.js';
import { requireRole } from './guards.js';

/**
 * The options of a route that needs a principal of at least `min`: its OpenAPI tag, the
 * session-or-API-key security, the guard, and the route's own schema parts (body, params,
 * response …), whose types still reach the handler.
 */
export function guardedRoute<S extends FastifySchema>(tag: string, min: Role, schema: S) {
  return {
    schema: { tags: [tag], security: FLEET_SECURITY, ...schema },
    preHandler: requireRole(min),
  };
}
