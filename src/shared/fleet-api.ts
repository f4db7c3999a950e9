import type { HealthReport, HealthStatus } from './health.js';
import type { HistoryResult } from './history.js';
import type { Inventory } from './inventory.js';
import type { Sample } from './sample.js';

/**
 * The companion server's API as the fleet web page (renderer/fleet) and automation use it.
 * Absolute paths: the page is always served by the server itself.
 *
 * Auth: a session cookie (browser) or `Authorization: Bearer <apiKey>` (automation).
 * CSRF: every state-changing request made with the session cookie carries the header
 * `X-CSRF-Token: <Me.csrfToken>`; API-key requests need none (no ambient credential).
 * Errors: `{ error: { code, message } }` with a stable code (see /api/docs).
 * Another org's object answers 404, never 403.
 */
export const FLEET_API = {
  /** GET → SetupState (no auth): does the server still need its first owner? */
  setupState: '/api/v1/setup',
  /** POST SetupRequest → Me (no auth; needs the one-time setup token); creates org + owner, logs in. */
  setup: '/api/v1/setup',
  /** POST LoginRequest → Me; sets the session cookie. Rate limited. */
  login: '/api/v1/auth/login',
  /** POST → 204; revokes the session server-side and clears the cookie. */
  logout: '/api/v1/auth/logout',
  /** GET → Me, or 401 E_UNAUTHENTICATED. */
  me: '/api/v1/auth/me',
  /** POST { orgId } → Me: switch the session to another org the user belongs to. */
  switchOrg: '/api/v1/auth/org',
  /** POST { currentPassword, newPassword } → 204. Rate limited. */
  password: '/api/v1/auth/password',

  /** GET → MachineList (every machine of the org; the page filters and sorts client-side). */
  machines: '/api/v1/machines',
  /** GET → MachineDetail; DELETE → 204 (operator+): forgets the machine, revokes its token. */
  machine: (id: string): string => `/api/v1/machines/${encodeURIComponent(id)}`,
  /** PUT { tags: string[] } → MachineSummary (operator+). */
  machineTags: (id: string): string => `/api/v1/machines/${encodeURIComponent(id)}/tags`,
  /** GET ?metrics=a,b&from=<ms>&to=<ms>&maxPoints=<n> → HistoryResult (minute tier, merged). */
  machineHistory: (id: string): string => `/api/v1/machines/${encodeURIComponent(id)}/history`,
  /**
   * GET, text/event-stream. Events:
   *  - `machines`: MachineList-shaped `{ machines: MachineSummary[] }` of the machines that
   *    changed (a report, a status change online→stale→offline, tags), batched at most once
   *    a second;
   *  - `removed`: `{ ids: string[] }`.
   */
  events: '/api/v1/events',

  /** GET → { tokens: EnrollmentTokenInfo[] }; POST CreateEnrollmentTokenRequest → CreatedEnrollmentToken (admin+). */
  enrollmentTokens: '/api/v1/enrollment-tokens',
  /** DELETE → 204: revoke (admin+). */
  enrollmentToken: (id: string): string => `/api/v1/enrollment-tokens/${encodeURIComponent(id)}`,

  /** GET → { users: OrgUser[] } (admin+); POST CreateUserRequest → OrgUser (admin+). */
  users: '/api/v1/users',
  /** PATCH { role } → OrgUser; DELETE → 204 (admin+; only an owner touches owners). */
  user: (id: string): string => `/api/v1/users/${encodeURIComponent(id)}`,

  /** GET → { keys: ApiKeyInfo[] }; POST { name, role } → CreatedApiKey (admin+). */
  apiKeys: '/api/v1/api-keys',
  /** DELETE → 204: revoke (admin+). */
  apiKey: (id: string): string => `/api/v1/api-keys/${encodeURIComponent(id)}`,

  /**
   * POST CreateActionRequest -> 201 CreatedActions (operator+); GET ?ActionListQuery -> ActionList.
   * Live changes arrive on `events` as `actions`: `{ actions: ActionView[] }`.
   */
  actions: '/api/v1/actions',
  /** GET -> ActionDetail (with its events). */
  action: (id: string): string => `/api/v1/actions/${encodeURIComponent(id)}`,
  /** POST -> ActionView (operator+): anything not finished; 409 E_ACTION_FINISHED otherwise. */
  actionCancel: (id: string): string => `/api/v1/actions/${encodeURIComponent(id)}/cancel`,
  /** POST -> 201 ActionView, a new action (operator+): only a failed or expired one; 409 otherwise. */
  actionRetry: (id: string): string => `/api/v1/actions/${encodeURIComponent(id)}/retry`,
  /** GET -> the collect-logs bundle (application/gzip, attachment); 404 when there is none. */
  actionArtifact: (id: string): string => `/api/v1/actions/${encodeURIComponent(id)}/artifact`,
  /** GET ?limit=&before= -> AuditList (admin+), newest first. */
  audit: '/api/v1/audit',
} as const;

/** Least to most privilege; each role can do everything the ones before it can. */
export const ROLES = ['viewer', 'operator', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export type MachineStatus = 'online' | 'stale' | 'offline';

export interface SetupState {
  /** True until the first owner exists. The token itself is only ever printed by the server. */
  isSetupNeeded: boolean;
}

export interface SetupRequest {
  setupToken: string;
  orgName: string;
  email: string;
  password: string;
  name?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface Me {
  user: { id: string; email: string; name: string };
  org: { id: string; name: string };
  role: Role;
  /** Every org this user belongs to, for the org switcher. */
  orgs: Array<{ id: string; name: string; role: Role }>;
  /** Send back as X-CSRF-Token on state-changing requests. */
  csrfToken: string;
}

export interface MachineSummary {
  id: string;
  hostname: string;
  os: { platform: string; distro: string; release: string };
  status: MachineStatus;
  /** Epoch ms of the last report; null before the first one. */
  lastSeenAt: number | null;
  health: { score: number; status: HealthStatus } | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  /** The fullest volume of the latest sample. */
  fullestDisk: { mount: string; usedPercent: number } | null;
  tags: string[];
  agentVersion: string;
  enrolledAt: number;
}

export interface MachineList {
  machines: MachineSummary[];
  /** The thresholds status was computed with, seconds. */
  thresholds: { onlineSeconds: number; offlineSeconds: number };
  /** Server time the list was computed at, epoch ms (for "2 min ago" without clock skew). */
  serverTime: number;
}

export interface MachineDetail {
  machine: MachineSummary;
  health: HealthReport | null;
  inventory: Inventory | null;
  latestSample: Sample | null;
}

export type { HistoryResult };

export interface EnrollmentTokenInfo {
  id: string;
  /** The first characters, to tell tokens apart; the whole token is shown once at creation. */
  prefix: string;
  note: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number | null;
  uses: number;
  tags: string[];
  revokedAt: number | null;
  state: 'active' | 'expired' | 'revoked' | 'used-up';
}

export interface CreateEnrollmentTokenRequest {
  note?: string;
  /** Seconds from now; default 7 days, at most 365 days. */
  expiresInSeconds?: number;
  maxUses?: number;
  tags?: string[];
}

export interface CreatedEnrollmentToken extends EnrollmentTokenInfo {
  /** Shown once. */
  token: string;
  /** The server URL agents should use, as the server sees itself. */
  serverUrl: string;
}

export interface OrgUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
}

export interface CreateUserRequest {
  email: string;
  name?: string;
  role: Role;
  password: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface CreatedApiKey extends ApiKeyInfo {
  /** Shown once. */
  key: string;
}
