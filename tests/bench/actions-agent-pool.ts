import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stopChild } from '../helpers/server-process.js';
import type {
  AgentCredentials,
  AgentsWorkerCommand,
  AgentsWorkerMessage,
  ChannelTally,
} from './actions-agents-worker.js';

/**
 * The parent's side of the simulated agents of `npm run bench:actions`: forks the worker
 * processes, splits the machines between them, and gathers every receipt in this process's
 * clock. Each worker's clock offset is estimated once over IPC (the reading with the shortest
 * round trip, NTP-style) and taken off its receipt times; both sides read
 * `performance.timeOrigin + performance.now()`, so the offset should be close to zero anyway.
 */
const WORKER = join(import.meta.dirname, 'actions-agents-worker.js');
const CLOCK_PROBES = 20;

export const benchNow = (): number => performance.timeOrigin + performance.now();

type Reply<K extends AgentsWorkerMessage['kind']> = Extract<AgentsWorkerMessage, { kind: K }>;

interface Worker {
  child: ChildProcess;
  /** Add to a receipt time of this worker to get this process's clock. */
  offsetMs: number;
}

interface Waiter {
  remaining: Set<string>;
  latest: number;
  done(latest: number): void;
}

export interface ClockFit {
  offsetMs: number;
  roundTripMs: number;
}

export interface AgentPool {
  /** Enrols `total` machines, split between the workers; resolves with their ids. */
  enrol(url: string, enrollmentToken: string, total: number): Promise<string[]>;
  /** Opens every channel; `agents` (split the same way) instead of the enrolled machines. */
  connect(
    channelUrl: string,
    agents?: AgentCredentials[],
  ): Promise<{ open: number; failed: number; firstError?: string }>;
  /** Resolves with the latest receipt time of these actions, or null after `timeoutMs`. */
  received(actionIds: readonly string[], timeoutMs: number): Promise<number | null>;
  /** How many of these actions have arrived so far. */
  countReceived(actionIds: readonly string[]): number;
  /** Closes every channel; resolves with the sum of the workers' tallies. */
  close(): Promise<ChannelTally>;
  calibrate(): Promise<ClockFit[]>;
  stop(): Promise<void>;
}

export function startAgentPool(workerCount: number, concurrency: number): AgentPool {
  const receivedAt = new Map<string, number>();
  const waiters = new Set<Waiter>();
  const workers: Worker[] = Array.from({ length: workerCount }, () => {
    const worker: Worker = { child: fork(WORKER, [], { stdio: 'inherit' }), offsetMs: 0 };
    worker.child.on('message', (message: AgentsWorkerMessage) => {
      if (message.kind !== 'received') return;
      for (const receipt of message.receipts) {
        const at = receipt.at + worker.offsetMs;
        receivedAt.set(receipt.actionId, at);
        for (const waiter of waiters) {
          if (!waiter.remaining.delete(receipt.actionId)) continue;
          waiter.latest = Math.max(waiter.latest, at);
          if (waiter.remaining.size === 0) waiter.done(waiter.latest);
        }
      }
    });
    return worker;
  });

  function ask<K extends AgentsWorkerMessage['kind']>(
    worker: Worker,
    command: AgentsWorkerCommand,
    kind: K,
  ): Promise<Reply<K>> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: AgentsWorkerMessage): void => {
        if (message.kind !== kind && message.kind !== 'failed') return;
        worker.child.off('message', onMessage);
        worker.child.off('exit', onExit);
        if (message.kind === 'failed') reject(new Error(`agents worker: ${message.message}`));
        else resolve(message as Reply<K>);
      };
      const onExit = (code: number | null): void => {
        worker.child.off('message', onMessage);
        reject(new Error(`an agents worker exited with code ${code}`));
      };
      worker.child.on('message', onMessage);
      worker.child.once('exit', onExit);
      worker.child.send(command);
    });
  }

  /** Worker i's share of `total` items, as [start, end). */
  const share = (i: number, total: number): [number, number] => [
    Math.floor((total * i) / workerCount),
    Math.floor((total * (i + 1)) / workerCount),
  ];

  async function fitClock(worker: Worker): Promise<ClockFit> {
    let best: ClockFit = { offsetMs: 0, roundTripMs: Number.POSITIVE_INFINITY };
    for (let probe = 0; probe < CLOCK_PROBES; probe++) {
      const sent = benchNow();
      const { at } = await ask(worker, { kind: 'clock' }, 'clock');
      const back = benchNow();
      if (back - sent < best.roundTripMs) {
        best = { offsetMs: (sent + back) / 2 - at, roundTripMs: back - sent };
      }
    }
    worker.offsetMs = best.offsetMs;
    return best;
  }

  return {
    async enrol(url, enrollmentToken, total) {
      const ids = await Promise.all(
        workers.map((worker, i) => {
          const [start, end] = share(i, total);
          return ask(
            worker,
            {
              kind: 'enrol',
              url,
              enrollmentToken,
              count: end - start,
              idPrefix: `w${i}`,
              concurrency,
            },
            'enrolled',
          );
        }),
      );
      return ids.flatMap((reply) => reply.machineIds);
    },

    async connect(channelUrl, agents) {
      const replies = await Promise.all(
        workers.map((worker, i) => {
          const [start, end] = share(i, agents?.length ?? 0);
          const mine = agents?.slice(start, end);
          return ask(
            worker,
            { kind: 'connect', channelUrl, concurrency, ...(mine ? { agents: mine } : {}) },
            'connected',
          );
        }),
      );
      const firstError = replies.find((reply) => reply.firstError)?.firstError;
      return {
        open: replies.reduce((sum, reply) => sum + reply.open, 0),
        failed: replies.reduce((sum, reply) => sum + reply.failed, 0),
        ...(firstError === undefined ? {} : { firstError }),
      };
    },

    received(actionIds, timeoutMs) {
      const remaining = new Set(actionIds.filter((id) => !receivedAt.has(id)));
      const latest = Math.max(
        Number.NEGATIVE_INFINITY,
        ...actionIds.map((id) => receivedAt.get(id) ?? Number.NEGATIVE_INFINITY),
      );
      if (remaining.size === 0) return Promise.resolve(latest);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(null);
        }, timeoutMs);
        const waiter: Waiter = {
          remaining,
          latest,
          done: (at) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(at);
          },
        };
        waiters.add(waiter);
      });
    },

    countReceived(actionIds) {
      return actionIds.filter((id) => receivedAt.has(id)).length;
    },

    async close() {
      const tallies = await Promise.all(
        workers.map((worker) => ask(worker, { kind: 'close' }, 'closed')),
      );
      return {
        received: tallies.reduce((sum, t) => sum + t.received, 0),
        acked: tallies.reduce((sum, t) => sum + t.acked, 0),
        stored: tallies.reduce((sum, t) => sum + t.stored, 0),
        dropped: tallies.reduce((sum, t) => sum + t.dropped, 0),
      };
    },

    calibrate() {
      return Promise.all(workers.map(fitClock));
    },

    async stop() {
      await Promise.all(workers.map((worker) => stopChild(worker.child, 'SIGTERM', 2_000)));
    },
  };
}
