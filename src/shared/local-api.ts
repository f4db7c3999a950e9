import type { HealthReport } from './health.js';
import type { HistoryResult } from './history.js';
import type { Language } from './i18n.js';
import type { Inventory } from './inventory.js';
import type { ProcessSnapshot, Sample } from './sample.js';

/** What the history and inventory routes answer. */
export type { HistoryResult, Inventory };

/**
 * The agent's local dashboard API. Paths are relative (no leading slash) so the page works the
 * same when served by the headless agent on 127.0.0.1 and by the desktop app's custom scheme.
 * Every error answers `ErrorBody` with a stable code.
 */
export const LOCAL_API = {
  /** GET → StatusResponse */
  status: 'api/status',
  /** GET ?metrics=a,b&from=<ms>&to=<ms>&maxPoints=<n> → HistoryResult */
  history: 'api/history',
  /** GET → Inventory, or 404 E_NO_INVENTORY before the first read */
  inventory: 'api/inventory',
  /** GET → Settings; PUT Partial<Settings> → Settings (validated, persisted to config.json) */
  settings: 'api/settings',
  /**
   * GET, text/event-stream: an `status` event (StatusResponse) after every cycle, and an
   * `actions` event (ActionsState) on connect and whenever the inbox, restart or history changed
   */
  events: 'api/events',
  /** GET ?format=csv|jsonl&from=<ms>&to=<ms>[&metrics=a,b] → the file, streamed */
  export: 'api/export',
  /** POST → StatusResponse; pauses or resumes sampling */
  pause: 'api/pause',
  resume: 'api/resume',
  /** POST LinkEnrollRequest → LinkState; enrols this PC with a DashFleet server */
  linkEnroll: 'api/link/enroll',
  /** GET -> ActionsState: the inbox, the pending restart and what IT has run on this PC. */
  actions: 'api/actions',
  /** POST -> ActionsState: the person opened this message (reported to the server as `read`). */
  messageRead: (id: string): string => `api/inbox/${encodeURIComponent(id)}/read`,
  /** POST -> ActionsState, or 409 E_SNOOZE_NOT_ALLOWED / 404 E_NO_RESTART. */
  restartSnooze: (id: string): string => `api/restart/${encodeURIComponent(id)}/snooze`,
} as const;

/** A message from IT, kept in the agent's inbox. Text is as sent: the page escapes it. */
export interface InboxMessage {
  id: string;
  title: string;
  body: string;
  level: 'info' | 'warning' | 'critical';
  sentBy: string;
  receivedAt: number;
  readAt: number | null;
}

/** A restart waiting for its countdown. */
export interface PendingRestart {
  id: string;
  reason: string;
  sentBy: string;
  /** When the reboot will happen, epoch ms (moves with each snooze). */
  rebootAt: number;
  snoozesUsed: number;
  snoozesAllowed: number;
  snoozeSeconds: number;
}

/** One action IT ran (or asked for) on this PC, for the person's own record. */
export interface LocalAction {
  id: string;
  type: string;
  sentBy: string;
  receivedAt: number;
  /** received | running | succeeded | failed | refused | cancelled */
  state: string;
  /** The latest stage (shown, read, scheduled, snoozed, rebooting, ...) or null. */
  stage: string | null;
  finishedAt: number | null;
  /** A sentence for people when it failed or was refused. */
  error: string | null;
}

export interface ActionsState {
  inbox: InboxMessage[];
  unread: number;
  pendingRestart: PendingRestart | null;
  history: LocalAction[];
}

export interface StatusResponse {
  sample: Sample | null;
  health: HealthReport | null;
  processes: ProcessSnapshot | null;
  outbox: { size: number; dropped: number };
  agent: {
    version: string;
    intervalSeconds: number;
    isPaused: boolean;
    /** When the agent started, epoch ms. */
    startedAt: number;
  };
  /** The link to a DashFleet server; absent when this agent has no link at all. */
  link?: LinkState;
}

/** Why the last upload or enrolment failed: a stable code and a sentence for people. */
export interface LinkError {
  code: string;
  message: string;
}

/** What every enrolled state carries. */
export interface LinkBase {
  /** The server this agent reports to (origin plus an optional path prefix). */
  serverUrl: string;
  orgName: string;
  agentId: string;
  /** When the server last acknowledged a report, epoch ms; null before the first one. */
  lastUploadAt: number | null;
  /** Samples in the outbox, waiting for the server to acknowledge them. */
  waiting: number;
}

/**
 * The link to the server: not enrolled; enrolled and waiting for the first answer; connected
 * (the last report was stored); retrying after failures (backoff, samples kept); or rejected
 * (the server refused the agent's token: uploads stop until the PC is enrolled again).
 */
export type LinkState =
  | { state: 'not-enrolled'; waiting: number }
  | (LinkBase & { state: 'connecting' })
  | (LinkBase & { state: 'connected' })
  | (LinkBase & {
      state: 'retrying';
      /** The first failure of this run of failures, epoch ms. */
      since: number;
      nextAttemptAt: number;
      lastError: LinkError;
    })
  | (LinkBase & { state: 'rejected'; since: number; lastError: LinkError });

export interface LinkEnrollRequest {
  /** http(s)://host[:port][/prefix] */
  serverUrl: string;
  enrollmentToken: string;
}

export interface Settings {
  /** null: follow the operating system's language. */
  language: Language | null;
  intervalSeconds: number;
  /** Metric cards shown on the overview, by series base name (METRICS values). */
  visibleMetrics: string[];
  /** Start with the session; only the desktop app can honour it (null when headless). */
  autostart: boolean | null;
}

export interface ErrorBody {
  error: { code: string; message: string };
}
