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
  /** GET, text/event-stream: an `status` event (StatusResponse) after every cycle */
  events: 'api/events',
  /** GET ?format=csv|jsonl&from=<ms>&to=<ms>[&metrics=a,b] → the file, streamed */
  export: 'api/export',
  /** POST → StatusResponse; pauses or resumes sampling */
  pause: 'api/pause',
  resume: 'api/resume',
} as const;

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
