import { parseArgs } from 'node:util';

/** What `npm run bench:actions -- <options>` accepts, with defaults applied. */
export interface ActionsBenchOptions {
  /** Simulated agents, each with its own enrolment and live channel. */
  agents: number;
  /** Processes the agents are spread over. */
  workers: number;
  /** Single-machine actions sent one after another (after a few unmeasured ones). */
  rounds: number;
  /** Messages to every machine (`{ all: true }`). */
  broadcasts: number;
  /** How long the channels sit idle before the memory readings. */
  idleSeconds: number;
  /** Memory readings (one a second), of which the median counts. */
  readings: number;
  /** Enrolments and channel openings in flight per worker. */
  concurrency: number;
  /** The whole run gives up after this long. */
  seconds: number;
}

const DEFAULTS: ActionsBenchOptions = {
  agents: 2000,
  workers: 2,
  rounds: 200,
  broadcasts: 5,
  idleSeconds: 5,
  readings: 5,
  concurrency: 32,
  seconds: 900,
};

/** `--quick`: a smoke run of a few seconds; explicit options still win. */
const QUICK: Partial<ActionsBenchOptions> = {
  agents: 20,
  rounds: 5,
  broadcasts: 2,
  idleSeconds: 1,
  readings: 2,
  seconds: 120,
};

const LIMITS: Record<keyof ActionsBenchOptions, [min: number, max: number]> = {
  // Enrolment allows 10,000 a minute from one address.
  agents: [1, 10_000],
  workers: [1, 16],
  rounds: [1, 10_000],
  broadcasts: [1, 100],
  idleSeconds: [0, 600],
  readings: [1, 60],
  concurrency: [1, 256],
  seconds: [10, 3600],
};

const FLAGS: Record<string, keyof ActionsBenchOptions> = {
  agents: 'agents',
  workers: 'workers',
  rounds: 'rounds',
  broadcasts: 'broadcasts',
  'idle-seconds': 'idleSeconds',
  readings: 'readings',
  concurrency: 'concurrency',
  seconds: 'seconds',
};

export const USAGE = `usage: npm run bench:actions [-- options]
  --agents <n>        simulated agents (default ${DEFAULTS.agents})
  --workers <n>       agent processes (default ${DEFAULTS.workers})
  --rounds <n>        single-machine actions, one after another (default ${DEFAULTS.rounds})
  --broadcasts <n>    messages to every machine (default ${DEFAULTS.broadcasts})
  --idle-seconds <n>  idle time before the memory readings (default ${DEFAULTS.idleSeconds})
  --readings <n>      memory readings, one a second; the median counts (default ${DEFAULTS.readings})
  --concurrency <n>   enrolments / channel openings in flight per worker (default ${DEFAULTS.concurrency})
  --seconds <n>       give up after this long (default ${DEFAULTS.seconds})
  --quick             a smoke run: ${QUICK.agents} agents, ${QUICK.rounds} rounds, ${QUICK.broadcasts} broadcasts`;

export type ParsedOptions =
  { ok: true; value: ActionsBenchOptions } | { ok: false; error: string } | { ok: 'help' };

export function parseActionsBenchOptions(argv: readonly string[]): ParsedOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' }])),
        quick: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      } as const,
    });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (parsed.values['help'] === true) return { ok: 'help' };
  const options = { ...DEFAULTS, ...(parsed.values['quick'] === true ? QUICK : {}) };
  for (const [flag, key] of Object.entries(FLAGS)) {
    const text = parsed.values[flag];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    const [min, max] = LIMITS[key];
    if (!/^\d+$/.test(text) || value < min || value > max) {
      return {
        ok: false,
        error: `--${flag} takes a whole number from ${min} to ${max}, not "${text}"`,
      };
    }
    options[key] = value;
  }
  if (options.workers > options.agents) options.workers = options.agents;
  return { ok: true, value: options };
}
