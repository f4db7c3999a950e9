import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ActionTarget,
  CreateActionRequest,
  CreatedActions,
} from '../../src/shared/actions-api.js';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { AGENT_API } from '../../src/shared/protocol/agent-protocol.js';
import { postJson } from '../helpers/fleet-seed.js';
import { stopChild } from '../helpers/server-process.js';
import type { AgentCredentials } from './actions-agents-worker.js';
import { benchNow, startAgentPool } from './actions-agent-pool.js';
import type { AgentPool } from './actions-agent-pool.js';
import { USAGE, parseActionsBenchOptions } from './actions-bench-options.js';
import type { ActionsBenchOptions } from './actions-bench-options.js';
import { describeClocks, describeSide, median, summarize } from './actions-bench-report.js';
import type { ChannelFigures } from './actions-bench-report.js';
import { startBenchServer } from './actions-bench-server.js';

/**
 * `npm run bench:actions`: how fast an action reaches agents over the live channel, and what
 * each idle channel costs the server. The real server (its CLI, its SQLite file) with N agents
 * enrolled through the real protocol, their channels held by separate processes that
 * acknowledge every action as a real agent does; next to a bare `ws` server measured the same
 * way in the same run, and to the prototype's 30-second polling. Loopback only, bounded in
 * agents and time, stops by itself and removes its temp dirs.
 */
const BARE_SERVER = join(import.meta.dirname, 'actions-bare-server.js');
const WARM_UP_ROUNDS = 5;
const ROUND_TIMEOUT_MS = 10_000;
const BROADCAST_TIMEOUT_MS = 60_000;
const BETWEEN_BROADCASTS_MS = 1_000;

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const print = (lines: readonly string[]): void => console.log(lines.join('\n'));
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Resident memory of a process, KB, from /proc (Linux); NaN elsewhere. */
function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** The median of `readings` readings a second apart: nothing is forced (no GC, no waiting for one). */
async function medianRssKb(pid: number, readings: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < readings; i++) {
    if (i > 0) await pause(1_000);
    values.push(rssKb(pid));
  }
  return median(values);
}

/** Where actions are sent and channels opened, on either server. */
interface Side {
  url: string;
  channelUrl: string;
  headers: Record<string, string>;
  pid: number;
  machineIds: string[];
  /** Credentials for the bare server; the real one uses the agents the workers enrolled. */
  agents?: AgentCredentials[];
}

function message(target: ActionTarget, title: string): CreateActionRequest {
  return {
    type: 'message',
    target,
    params: { title, body: 'A benchmark message: nothing to do.', level: 'info' },
    expiresInSeconds: 600,
  };
}

/** Sends one action and resolves with its ids, timing from just before the API call. */
async function send(
  side: Side,
  target: ActionTarget,
  title: string,
): Promise<{ startedAt: number; ids: string[] }> {
  const startedAt = benchNow();
  const created = await postJson<CreatedActions>(
    `${side.url}${FLEET_API.actions}`,
    message(target, title),
    side.headers,
  );
  if (created.actions.length === 0) throw new Error(`no action was created for ${title}`);
  return { startedAt, ids: created.actions.map((action) => action.id) };
}

async function measure(
  pool: AgentPool,
  side: Side,
  options: ActionsBenchOptions,
): Promise<ChannelFigures> {
  const rssBeforeKb = await medianRssKb(side.pid, options.readings);
  const connecting = benchNow();
  const channels = await pool.connect(side.channelUrl, side.agents);
  const connectSeconds = (benchNow() - connecting) / 1000;
  if (channels.open === 0)
    throw new Error(`no channel opened: ${channels.firstError ?? 'unknown error'}`);
  if (channels.failed > 0)
    console.log(`  ${int(channels.failed)} channels refused: ${channels.firstError}`);
  await pause(options.idleSeconds * 1000);
  const rssAfterKb = await medianRssKb(side.pid, options.readings);

  const pick = (): ActionTarget => ({
    machineIds: [side.machineIds[Math.floor(Math.random() * side.machineIds.length)] ?? ''],
  });
  for (let round = 0; round < Math.min(WARM_UP_ROUNDS, options.rounds); round++) {
    const { ids } = await send(side, pick(), `Warm-up ${round + 1}`);
    await pool.received(ids, ROUND_TIMEOUT_MS);
  }
  const single: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const { startedAt, ids } = await send(side, pick(), `Benchmark ${round + 1}`);
    const at = await pool.received(ids, ROUND_TIMEOUT_MS);
    if (at !== null) single.push(at - startedAt);
  }

  const broadcasts: Array<number | null> = [];
  let broadcastMissing = 0;
  for (let round = 0; round < options.broadcasts; round++) {
    await pause(BETWEEN_BROADCASTS_MS);
    const { startedAt, ids } = await send(side, { all: true }, `Everyone ${round + 1}`);
    const at = await pool.received(ids, BROADCAST_TIMEOUT_MS);
    broadcasts.push(at === null ? null : at - startedAt);
    broadcastMissing += ids.length - pool.countReceived(ids);
  }
  // Let the last acknowledgements be stored before the channels close.
  await pause(BETWEEN_BROADCASTS_MS);
  const tally = await pool.close();
  return {
    ...channels,
    connectSeconds,
    rssBeforeKb,
    rssAfterKb,
    single,
    singleLost: options.rounds - single.length,
    broadcasts,
    broadcastMissing,
    tally,
  };
}

async function measureBare(pool: AgentPool, options: ActionsBenchOptions): Promise<ChannelFigures> {
  const child = fork(BARE_SERVER, [], { stdio: 'inherit' });
  const stop = (): Promise<void> => stopChild(child, 'SIGTERM', 5_000);
  stopOnAbort.add(stop);
  try {
    const port = await new Promise<number>((done) =>
      child.once('message', (m: { port: number }) => done(m.port)),
    );
    const agents = Array.from({ length: options.agents }, (_, i) => ({
      machineId: `bare-${i}`,
      token: `bare-${i}`,
    }));
    return await measure(
      pool,
      {
        url: `http://127.0.0.1:${port}`,
        channelUrl: `ws://127.0.0.1:${port}${AGENT_API.channel}`,
        headers: {},
        pid: child.pid ?? 0,
        machineIds: agents.map((agent) => agent.machineId),
        agents,
      },
      options,
    );
  } finally {
    stopOnAbort.delete(stop);
    await stop();
  }
}

async function measureServer(
  pool: AgentPool,
  options: ActionsBenchOptions,
): Promise<ChannelFigures> {
  const server = await startBenchServer(options.agents);
  stopOnAbort.add(server.stop);
  try {
    const enrolling = benchNow();
    const machineIds = await pool.enrol(server.url, server.enrollmentToken, options.agents);
    console.log(
      `server: enrolled ${int(machineIds.length)} agents in ${((benchNow() - enrolling) / 1000).toFixed(1)} s`,
    );
    return await measure(
      pool,
      {
        url: server.url,
        channelUrl: `${server.url.replace(/^http/, 'ws')}${AGENT_API.channel}`,
        headers: server.apiHeaders,
        pid: server.pid,
        machineIds,
      },
      options,
    );
  } finally {
    stopOnAbort.delete(server.stop);
    await server.stop();
  }
}

/** What must be stopped if the run is cut short (deadline, Ctrl-C): processes, temp dirs. */
const stopOnAbort = new Set<() => Promise<void>>();

async function abort(reason: string): Promise<never> {
  console.error(`bench:actions: ${reason}`);
  await Promise.allSettled([...stopOnAbort].map((stop) => stop()));
  process.exit(1);
}

async function main(options: ActionsBenchOptions): Promise<void> {
  console.log(
    `bench:actions — ${int(options.agents)} agents in ${options.workers} processes, ` +
      `${int(options.rounds)} single-machine actions, ${options.broadcasts} broadcasts, loopback`,
  );
  const pool = startAgentPool(options.workers, options.concurrency);
  stopOnAbort.add(pool.stop);
  try {
    console.log(describeClocks(await pool.calibrate()));
    const bare = await measureBare(pool, options);
    print(
      describeSide(
        'baseline    a bare ws server, own process (push over HTTP; no auth, checks or storage)',
        bare,
      ),
    );
    const server = await measureServer(pool, options);
    print(
      describeSide(
        'server      the DashFleet server (fleet API, operator API key → live channel)',
        server,
      ),
    );
    print(summarize(options, bare, server));
  } finally {
    stopOnAbort.delete(pool.stop);
    await pool.stop();
  }
}

const parsed = parseActionsBenchOptions(process.argv.slice(2));
if (parsed.ok === 'help') {
  console.log(USAGE);
} else if (!parsed.ok) {
  console.error(`bench:actions: ${parsed.error}\n${USAGE}`);
  process.exitCode = 2;
} else {
  const options = parsed.value;
  setTimeout(
    () => void abort(`gave up after ${options.seconds} s (--seconds)`),
    options.seconds * 1000,
  ).unref();
  process.once('SIGINT', () => void abort('interrupted'));
  process.once('SIGTERM', () => void abort('stopped'));
  main(options).then(
    () => process.exit(0),
    (error: unknown) => abort((error as Error).stack ?? String(error)),
  );
}
