import { ROLES } from '../../src/shared/fleet-api.js';
import type { Role } from '../../src/shared/fleet-api.js';
import { ApiError } from '../http/api-error.js';

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A role read back from the database; anything unknown counts as the least privilege. */
export function toRole(value: string): Role {
  return isRole(value) ? value : 'viewer';
}

function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Each role can do everything the ones before it can. */
export function hasRole(role: Role, min: Role): boolean {
  return roleRank(role) >= roleRank(min);
}

/**
 * Whether `actor` may hand out or take away `target`: never above your own role, and only
 * owners touch owners (which the first rule already says, spelled out because it matters).
 */
function canManageRole(actor: Role, target: Role): boolean {
  if (target === 'owner') return actor === 'owner';
  return hasRole(actor, target);
}

/** 403 E_FORBIDDEN unless `actor` may manage `target`; `action` completes "your role cannot …". */
export function assertCanManageRole(actor: Role, target: Role, action: string): void {
  if (!canManageRole(actor, target)) {
    throw new ApiError('E_FORBIDDEN', `your role (${actor}) cannot ${action}`);
  }
}
