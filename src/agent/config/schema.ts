import { Type } from 'typebox';
import type { Static } from 'typebox';
import { LANGUAGES } from '../../shared/i18n.js';
import { ACTION_TYPES } from '../../shared/protocol/action-constants.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const Band = Type.Object(
  { warn: Type.Number({ exclusiveMinimum: 0 }), critical: Type.Optional(Type.Number()) },
  { additionalProperties: false },
);

/** Every setting is optional in the file; defaults fill the rest (see defaults.ts). */
export const AgentConfigSchema = Type.Object(
  {
    /** Seconds between regular samples. */
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    /** Seconds between top-process snapshots (the most expensive probe). */
    processIntervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400 })),
    /** Hours between re-reads of the static inventory. */
    inventoryRefreshHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
    language: Type.Optional(Type.Enum(LANGUAGES)),
    logLevel: Type.Optional(Type.Enum(LOG_LEVELS)),
    /** Metric cards the dashboard shows, by series base name. */
    visibleMetrics: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
    ),
    /** Start with the session (honoured by the desktop app only). */
    autostart: Type.Optional(Type.Boolean()),
    /** Loopback port of the headless agent's dashboard; 0 takes any free port. */
    dashboardPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
    /** Desktop app: where electron-updater finds new versions (the companion server). */
    updateFeedUrl: Type.Optional(Type.String({ pattern: '^https://[^\\s]+$', maxLength: 2048 })),
    retention: Type.Optional(
      Type.Object(
        {
          rawHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30 })),
          minuteDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          hourDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
        },
        { additionalProperties: false },
      ),
    ),
    outbox: Type.Optional(
      Type.Object(
        {
          maxCount: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000_000 })),
          maxAgeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** What IT may run on this PC (design §5). */
    actions: Type.Optional(
      Type.Object(
        {
          /** Types refused with E_ACTION_DISABLED (a kiosk may forbid restart). */
          disabledTypes: Type.Optional(
            Type.Array(Type.Enum(ACTION_TYPES), { maxItems: ACTION_TYPES.length * 2 }),
          ),
          /** Log the OS commands instead of running them; clear-temp only counts. */
          dryRun: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    health: Type.Optional(
      Type.Object(
        {
          cpuPercent: Type.Optional(Band),
          cpuWindowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          cpuMinSamples: Type.Optional(Type.Integer({ minimum: 1, maximum: 360 })),
          memoryPercent: Type.Optional(Band),
          diskPercent: Type.Optional(Band),
          cpuCelsius: Type.Optional(Band),
          daysSinceReboot: Type.Optional(Band),
          batteryWearPercent: Type.Optional(Band),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type LogLevel = (typeof LOG_LEVELS)[number];

export type AgentConfigFile = Static<typeof AgentConfigSchema>;
