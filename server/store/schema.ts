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
  actions: ActionsTable;
  action_events: ActionEventsTable;
  audit_log: AuditLogTable;
  action_artifacts: ActionArtifactsTable;
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

/** One action on one machine (design §5); a request to many machines is one batch. */
export interface ActionsTable {
  id: string;
  org_id: string;
  machine_id: string;
  batch_id: string;
  /** One of ACTION_TYPES. */
  type: string;
  /** The params as validated (defaults applied), JSON. */
  params_json: string;
  /** queued | delivered | running | succeeded | failed | expired | cancelled */
  status: string;
  /** The latest stage the agent reported (shown, read, scheduled, ...). */
  stage: string | null;
  /** user | api-key */
  created_by_type: string;
  created_by_id: string;
  created_by_name: string;
  created_at: number;
  expires_at: number;
  delivered_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  /** ActionResult JSON, bounded by its schema. */
  result_json: string | null;
  /** The failed or expired action this one retries. */
  retry_of: string | null;
}

/** An action's history: what the server recorded and each update the agent sent. */
export interface ActionEventsTable {
  /** Sortable (UUIDv7-shaped): ordering by id is the order the events were written. */
  id: string;
  action_id: string;
  /** The agent's seq (unique per action); null for the server's own events. */
  agent_seq: number | null;
  status: string;
  stage: string | null;
  /** When the server recorded it, epoch ms. */
  at: number;
}

/** Who did what to which machines, kept when the machines are gone. */
export interface AuditLogTable {
  id: string;
  org_id: string;
  at: number;
  /** user | api-key */
  actor_type: string;
  actor_id: string;
  actor_name: string;
  ip: string;
  /** actions.create | actions.cancel | actions.retry */
  event: string;
  action_type: string | null;
  batch_id: string | null;
  /** How the target was named: "3 machines", "tag front-desk", "all machines". */
  target: string;
  machine_ids_json: string;
  summary: string;
}

/** A collect-logs bundle (gzip), one per action. */
export interface ActionArtifactsTable {
  action_id: string;
  org_id: string;
  file_name: string;
  size: number;
  data: Buffer;
  created_at: number;
}
