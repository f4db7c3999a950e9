/**
 * Action constants both ends need without loading the schemas (the agent keeps its resident
 * memory small: the schemas are loaded only when an action has to be checked).
 */

/** The allow-list (design §5). One handler per type on the agent. */
export const ACTION_TYPES = [
  'message',
  'restart',
  'flush-dns',
  'clear-temp',
  'collect-logs',
  'restart-print-spooler',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** The maintenance tasks: fixed commands per OS, no parameters. */
export const MAINTENANCE_TYPES = [
  'flush-dns',
  'clear-temp',
  'collect-logs',
  'restart-print-spooler',
] as const satisfies readonly ActionType[];
export type MaintenanceType = (typeof MAINTENANCE_TYPES)[number];

export function isActionType(value: string): value is ActionType {
  return (ACTION_TYPES as readonly string[]).includes(value);
}

/**
 * Server-side lifecycle of one action on one machine:
 * queued -> delivered -> running -> succeeded | failed | expired | cancelled.
 */
export const ACTION_STATUSES = [
  'queued',
  'delivered',
  'running',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * Stages agents of this version report (ActionUpdate.stage); a page shows one it does not know
 * (from a newer agent) as sent.
 */
export const ACTION_STAGES = [
  'shown',
  'inbox',
  'read',
  'scheduled',
  'snoozed',
  'rebooting',
  'rebooted',
  'stopped',
] as const;
export type ActionStage = (typeof ACTION_STAGES)[number];

export const FINISHED_ACTION_STATUSES = [
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const satisfies readonly ActionStatus[];

export function isFinishedStatus(status: ActionStatus): boolean {
  return (FINISHED_ACTION_STATUSES as readonly string[]).includes(status);
}

export const ACTION_LIMITS = {
  titleChars: 200,
  bodyChars: 4000,
  reasonChars: 500,
  minRestartDelaySeconds: 60,
  defaultRestartDelaySeconds: 300,
  maxRestartDelaySeconds: 7 * 24 * 3600,
  maxSnoozeCount: 10,
  minSnoozeSeconds: 60,
  maxSnoozeSeconds: 24 * 3600,
  /** Reminders before a reboot, seconds before it (only those still ahead are shown). */
  restartRemindersSeconds: [300, 60],
  /** Captured output kept per action (head and tail), characters. */
  outputChars: 8192,
  /** A maintenance command is killed after this long. */
  commandTimeoutMs: 120_000,
  /** Default and longest expiry of a queued action. */
  defaultExpirySeconds: 7 * 24 * 3600,
  maxExpirySeconds: 30 * 24 * 3600,
  maxActionsPerFrame: 500,
  /**
   * Largest `actions` frame or long-poll answer the server sends, bytes of serialised JSON;
   * more actions go in further frames or with the next poll. Well under what the agent takes
   * (an HTTP answer up to 1 MiB, a socket frame up to 8 MiB).
   */
  maxFrameBytesToAgent: 512 * 1024,
  maxUpdatesPerPost: 200,
  /** Longest long-poll wait the server holds, seconds. */
  maxPollWaitSeconds: 30,
  /** A collect-logs bundle (gzip) may be at most this big. */
  maxArtifactBytes: 5 * 1024 * 1024,
  /** Heartbeat: the server pings every interval; either side gives up after 2 missed. */
  heartbeatSeconds: 25,
  /** Largest frame an agent may send on the live channel; the socket is closed (1009) beyond. */
  maxChannelFrameBytes: 256 * 1024,
  /** `updates` frames of one socket waiting for `stored`; the socket is closed (1008) beyond. */
  maxUpdateFramesInFlight: 8,
} as const;

/** Codes the agent puts in `result.error.code` when it refuses or fails an action. */
export const ACTION_ERROR_CODES = {
  unknownType: 'E_ACTION_UNKNOWN_TYPE',
  invalidParams: 'E_ACTION_INVALID',
  disabled: 'E_ACTION_DISABLED',
  expired: 'E_ACTION_EXPIRED',
  unsupportedOs: 'E_ACTION_UNSUPPORTED_OS',
  commandFailed: 'E_ACTION_COMMAND_FAILED',
  timeout: 'E_ACTION_TIMEOUT',
  rebootFailed: 'E_ACTION_REBOOT_FAILED',
  uploadFailed: 'E_ACTION_UPLOAD_FAILED',
  /** A restart replaced by a newer one before it ran (only one restart waits at a time). */
  superseded: 'E_ACTION_SUPERSEDED',
  /** The agent stopped (or crashed) after receiving the action and before finishing it. */
  interrupted: 'E_ACTION_INTERRUPTED',
} as const;

/** Why the server closed the live channel; the agent reconnects with backoff after any of them. */
export const CHANNEL_CLOSE_CODES = {
  /** The server is stopping (or restarting). */
  goingAway: 1001,
  /** A frame broke the protocol (not JSON, not an AgentFrame, unknown protocol version). */
  policy: 1008,
  /** A newer channel of the same machine took over. */
  replaced: 4000,
  /** The agent token was revoked (machine deleted or enrolled again): enrol again. */
  revoked: 4001,
} as const;
