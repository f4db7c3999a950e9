import type { Generated } from 'kysely';

/**
 * The server's tables, as Kysely sees them. Written for SQLite and PostgreSQL alike:
 * ids are text, times are integer epoch ms, JSON is text, booleans do not appear.
 * Secrets never appear in clear: tokens, keys and session ids are stored as SHA-256 hex,
 * passwords as scrypt hashes.
 */
export interface Database {
  orgs: OrgsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  setup_tokens: SetupTokensTable;
  enrollment_tokens: EnrollmentTokensTable;
  machines: MachinesTable;
  agent_tokens: AgentTokensTable;
  machine_minutes: MachineMinutesTable;
}

export interface OrgsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  /** Lower-cased and trimmed; unique across the server (one person, many orgs). */
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash`, base64 parts. */
  password_hash: string;
  created_at: number;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  /** viewer | operator | admin | owner */
  role: string;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value. */
  id_hash: string;
  user_id: string;
  /** The org the session is acting in; switchable among the user's memberships. */
  org_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of the session, whatever the activity. */
  expires_at: number;
  revoked_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  /** First characters of the key, shown in lists. */
  prefix: string;
  key_hash: string;
  role: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface EnrollmentTokensTable {
  id: string;
  org_id: string;
  prefix: string;
  token_hash: string;
  note: string;
  /** JSON array of tags applied to machines enrolled with it. */
  tags_json: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: Generated<number>;
  revoked_at: number | null;
}

export interface MachinesTable {
  id: string;
  org_id: string;
  hardware_id: string;
  hostname: string;
  os_platform: string;
  os_distro: string;
  os_release: string;
  os_arch: string;
  agent_version: string;
  /** JSON array of strings. */
  tags_json: string;
  enrolled_at: number;
  last_seen_at: number | null;
  /** Highest report seq stored: the idempotency high-water mark. */
  last_seq: Generated<number>;
  health_score: number | null;
  health_status: string | null;
  health_json: string | null;
  cpu_percent: number | null;
  memory_percent: number | null;
  fullest_disk_mount: string | null;
  fullest_disk_percent: number | null;
  latest_sample_json: string | null;
  latest_sample_ts: number | null;
  inventory_json: string | null;
}

export interface AgentTokensTable {
  token_hash: string;
  machine_id: string;
  org_id: string;
  created_at: number;
  revoked_at: number | null;
}

/** Per-minute aggregates of each machine's unqualified series (cpu.usagePercent, ...). */
export interface MachineMinutesTable {
  machine_id: string;
  metric: string;
  /** Start of the minute, epoch ms. */
  ts: number;
  avg: number;
  max: number;
  count: number;
}
