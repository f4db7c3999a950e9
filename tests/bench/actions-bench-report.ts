import type { ChannelTally } from './actions-agents-worker.js';
import type { ClockFit } from './actions-agent-pool.js';
import type { ActionsBenchOptions } from './actions-bench-options.js';

/** What one side of `npm run bench:actions` (the bare baseline or the real server) measured. */
export interface ChannelFigures {
  open: number;
  failed: number;
  connectSeconds: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  /** API call to receipt on the agent, ms, of every single-machine action that arrived. */
  single: number[];
  singleLost: number;
  /** API call to the last of the N receipts, ms; null when some never arrived. */
  broadcasts: Array<number | null>;
  broadcastMissing: number;
  tally: ChannelTally;
}

/** The prototype's agents polled every ~30 s: 15 s average wait, 30 s at worst. */
const PROTOTYPE_AVERAGE_MS = 15_000;
const PROTOTYPE_WORST_MS = 30_000;

export const TARGETS = {
  singleP99Ms: 20,
  broadcastMs: 500,
  broadcastAgents: 2000,
  perConnectionKb: 16,
};

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1));
  return sorted[index] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string =>
  Number.isFinite(n) ? `${n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)} ms` : 'n/a';
const mib = (kb: number): string => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(1)} MiB` : 'n/a');
const kb = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)} KB` : 'n/a');
const times = (n: number): string =>
  Number.isFinite(n)
    ? `×${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 })}`
    : 'n/a';

export const perConnectionKb = (f: ChannelFigures): number =>
  f.open > 0 ? (f.rssAfterKb - f.rssBeforeKb) / f.open : NaN;

const broadcastMedian = (f: ChannelFigures): number =>
  f.broadcasts.some((b) => b === null) ? NaN : median(f.broadcasts as number[]);

/** The figures of one side, as printed once it has been measured. */
export function describeSide(label: string, f: ChannelFigures): string[] {
  const spread = [50, 90, 99].map((p) => `p${p} ${ms(percentile(f.single, p))}`);
  const sent = f.single.length + f.singleLost;
  return [
    label,
    `  channels    ${int(f.open)} open (${int(f.failed)} refused) in ${f.connectSeconds.toFixed(1)} s`,
    `  memory      ${kb(perConnectionKb(f))} per idle channel (RSS ${mib(f.rssBeforeKb)} → ` +
      `${mib(f.rssAfterKb)}, median readings)`,
    `  one machine ${spread.join(', ')}, max ${ms(Math.max(...f.single))} ` +
      `(${int(f.single.length)} of ${int(sent)} arrived)`,
    `  broadcast   ${f.broadcasts.map((b) => (b === null ? 'incomplete' : ms(b))).join(', ')}; ` +
      `median ${ms(broadcastMedian(f))}` +
      (f.broadcastMissing > 0 ? ` (${int(f.broadcastMissing)} receipts missing)` : ''),
    `  acks        ${int(f.tally.received)} actions received, ${int(f.tally.acked)} delivered ` +
      `updates sent, ${int(f.tally.stored)} stored; ${int(f.tally.dropped)} channels dropped`,
  ];
}

export function describeClocks(clocks: readonly ClockFit[]): string {
  return (
    `clocks      worker offsets ${clocks.map((c) => ms(c.offsetMs)).join(' / ')} ` +
    `(IPC round trip ${clocks.map((c) => ms(c.roundTripMs)).join(' / ')}), taken off receipt times`
  );
}

const verdict = (value: number, limit: number): string =>
  Number.isFinite(value) ? (value <= limit ? 'met' : 'NOT met') : 'not measured';

/** The comparisons and the targets, once both sides have been measured. */
export function summarize(
  options: ActionsBenchOptions,
  bare: ChannelFigures,
  server: ChannelFigures,
): string[] {
  const p50 = percentile(server.single, 50);
  const p99 = percentile(server.single, 99);
  const broadcast = broadcastMedian(server);
  const memory = perConnectionKb(server);
  return [
    `prototype   polled every 30 s: an action waited ${PROTOTYPE_AVERAGE_MS / 1000} s on average, ` +
      `${PROTOTYPE_WORST_MS / 1000} s at worst`,
    `ratios      one machine: prototype average ÷ p50 ${times(PROTOTYPE_AVERAGE_MS / p50)}, ` +
      `prototype worst ÷ max ${times(PROTOTYPE_WORST_MS / Math.max(...server.single))}; ` +
      `broadcast: prototype worst ÷ median ${times(PROTOTYPE_WORST_MS / broadcast)}`,
    `ratios      server ÷ bare ws: one machine p50 ${times(p50 / percentile(bare.single, 50))}, ` +
      `p99 ${times(p99 / percentile(bare.single, 99))}; ` +
      `broadcast ${times(broadcast / broadcastMedian(bare))}; ` +
      `memory per channel ${times(memory / perConnectionKb(bare))}`,
    `target      one machine p99 ≤ ${TARGETS.singleP99Ms} ms: ${ms(p99)} — ` +
      verdict(p99, TARGETS.singleP99Ms),
    `target      broadcast to ${int(TARGETS.broadcastAgents)} ≤ ${TARGETS.broadcastMs} ms: ` +
      `${ms(broadcast)} to ${int(options.agents)} — ${verdict(broadcast, TARGETS.broadcastMs)}` +
      (options.agents < TARGETS.broadcastAgents ? ' (fewer agents than the target names)' : ''),
    `target      server memory per idle channel ≤ ${TARGETS.perConnectionKb} KB: ${kb(memory)} — ` +
      verdict(memory, TARGETS.perConnectionKb),
  ];
}
