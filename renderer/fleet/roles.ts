import { ROLES } from '../../src/shared/fleet-api.js';
import type { Role } from '../../src/shared/fleet-api.js';

/** Whether `role` is at least `min`: ROLES runs from least to most privilege. */
export function hasRole(role: Role | undefined, min: Role): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** The roles someone with `role` may hand out: an admin up to admin, an owner everything. */
export function grantableRoles(role: Role): Role[] {
  return ROLES.filter((option) => hasRole(role, option));
}
