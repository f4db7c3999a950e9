import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../../shared/i18n.js';
import type { ActionType } from '../../shared/protocol/action-constants.js';
import type { Result } from '../../shared/validation.js';
import { describeProblem } from '../../shared/validation.js';
import type { HealthThresholds } from '../health/thresholds.js';
import { resolveThresholds } from '../health/thresholds.js';
import { DEFAULT_RETENTION } from '../store/defaults.js';
import type { OutboxLimits, RetentionPolicy } from '../store/types.js';
import { actionsFromEnv } from './actions-env.js';
import { DEFAULT_CONFIG } from './defaults.js';
import type { AgentConfigFile, LogLevel } from './schema.js';
import { AgentConfigSchema } from './schema.js';

export const CONFIG_FILE_NAME = 'config.json';

export interface AgentConfig {
  intervalSeconds: number;
  processIntervalSeconds: number;
  inventoryRefreshHours: number;
  /** Absent: follow the OS language. */
  language?: Language;
  logLevel: LogLevel;
  /** Metric cards the dashboard shows, by series base name. */
  visibleMetrics: string[];
  /** Absent: the desktop app's default. */
  autostart?: boolean;
  /** 0: any free port. */
  dashboardPort: number;
  /** Desktop app's update feed; absent: the one set when the installers were built. */
  updateFeedUrl?: string;
  retention: Partial<RetentionPolicy>;
  outbox: Partial<OutboxLimits>;
  actions: ActionSettings;
  health: HealthThresholds;
}

/** What IT may run on this PC. */
export interface ActionSettings {
  /** Refused with E_ACTION_DISABLED. */
  disabledTypes: ActionType[];
  /** OS commands are logged instead of run; clear-temp only counts. */
  dryRun: boolean;
}

/**
 * Reads `<dataDir>/config.json` (optional), validates it, applies the environment's action
 * settings (DASHFLEET_ACTIONS_DRY_RUN, DASHFLEET_ACTIONS_DISABLED) and `overrides` (CLI flags)
 * on top.
 */
export function loadConfig(
  dataDir: string,
  overrides: AgentConfigFile = {},
  env: NodeJS.ProcessEnv = process.env,
): Result<AgentConfig> {
  const flags = withoutUndefined(overrides);
  const flagProblem = describeProblem(AgentConfigSchema, flags);
  if (flagProblem) return { ok: false, error: `command line: ${flagProblem}` };
  const fromEnv = actionsFromEnv(env);
  if (!fromEnv.ok) return { ok: false, error: `environment: ${fromEnv.error}` };
  const path = join(dataDir, CONFIG_FILE_NAME);
  const file = readConfigFile(path);
  if (!file.ok) return file;
  const problem = configProblem({ ...file.value, ...flags });
  if (problem) return { ok: false, error: `${path}: ${problem}` };
  const actions = { ...file.value.actions, ...fromEnv.value, ...flags.actions };
  return { ok: true, value: resolve({ ...file.value, ...flags, actions }) };
}

/** Flags the user did not give must not erase what the file says. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Everything wrong with a config object, as one sentence; undefined when it is valid. */
export function configProblem(config: unknown): string | undefined {
  return describeProblem(AgentConfigSchema, config) ?? crossFieldProblem(config as AgentConfigFile);
}

/** The file as written (an empty object when there is none), not yet validated. */
export function readConfigFile(path: string): Result<AgentConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: {} };
    return { ok: false, error: `${path}: cannot be read (${(error as Error).message})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${path}: is not valid JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: `${path}: must be a JSON object of settings` };
  }
  return { ok: true, value: parsed as AgentConfigFile };
}

/** What one setting alone cannot say wrong: how settings relate to each other. */
function crossFieldProblem(config: AgentConfigFile): string | undefined {
  // A band whose critical level sits at or below its warning level would never warn.
  for (const [name, band] of Object.entries(config.health ?? {})) {
    if (typeof band !== 'object') continue;
    if (band.critical !== undefined && band.critical <= band.warn) {
      return `health.${name}.critical (${band.critical}) must be above health.${name}.warn (${band.warn})`;
    }
  }
  // Each tier is rolled from the finer one: a coarser tier kept for less time than a finer one
  // would leave history with holes.
  const { rawHours, minuteDays, hourDays } = { ...DEFAULT_RETENTION, ...config.retention };
  if (rawHours > minuteDays * 24) {
    return `retention.minuteDays (${minuteDays}) must keep at least as long as retention.rawHours (${rawHours} h)`;
  }
  if (minuteDays > hourDays) {
    return `retention.hourDays (${hourDays}) must keep at least as long as retention.minuteDays (${minuteDays})`;
  }
  return undefined;
}

function resolve(file: AgentConfigFile): AgentConfig {
  const { health, retention, outbox, actions, ...scalars } = file;
  return {
    ...DEFAULT_CONFIG,
    ...(scalars as Partial<AgentConfig>),
    retention: { ...retention },
    outbox: { ...outbox },
    actions: {
      disabledTypes: [...new Set(actions?.disabledTypes ?? DEFAULT_CONFIG.actions.disabledTypes)],
      dryRun: actions?.dryRun ?? DEFAULT_CONFIG.actions.dryRun,
    },
    health: resolveThresholds(health),
  };
}
