import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import { AGENT_API, PROTOCOL_VERSION } from '../../src/shared/protocol/agent-protocol.js';
import type { EnrollResponse } from '../../src/shared/protocol/agent-protocol.js';
import type { AgentFrame, ServerFrame } from '../../src/shared/protocol/action-schemas.js';
import { mapBounded, postJson } from '../helpers/fleet-seed.js';

/**
 * One process of simulated agents for `npm run bench:actions`. It enrols its share of machines
 * with a real enrolment token, holds one live channel per machine (the `ws` client, no
 * compression, Bearer agent token), and acknowledges every action it receives with a
 * `delivered` update, as a real agent does. Each receipt is timestamped on arrival with
 * `performance.timeOrigin + performance.now()` and reported to the parent over IPC, in batches:
 * the time is taken before the report is sent, so batching delays only the report.
 */

/** A machine this process speaks for. */
export interface AgentCredentials {
  machineId: string;
  token: string;
}

export type AgentsWorkerCommand =
  | {
      kind: 'enrol';
      url: string;
      enrollmentToken: string;
      count: number;
      idPrefix: string;
      concurrency: number;
    }
  /** Opens one channel per machine: the enrolled ones, or `agents` when given. */
  | { kind: 'connect'; channelUrl: string; agents?: AgentCredentials[]; concurrency: number }
  /** Answers this process's clock reading at once (the parent estimates the offset). */
  | { kind: 'clock' }
  | { kind: 'close' };

export interface Receipt {
  actionId: string;
  machineId: string;
  /** performance.timeOrigin + performance.now() of this process when the frame arrived. */
  at: number;
}

export interface ChannelTally {
  /** Actions received. */
  received: number;
  /** `delivered` updates sent. */
  acked: number;
  /** Update seqs the server confirmed as stored. */
  stored: number;
  /** Channels the server closed while the benchmark held them. */
  dropped: number;
}

export type AgentsWorkerMessage =
  | { kind: 'enrolled'; machineIds: string[] }
  | { kind: 'connected'; open: number; failed: number; firstError?: string }
  | { kind: 'clock'; at: number }
  | { kind: 'received'; receipts: Receipt[] }
  | ({ kind: 'closed' } & ChannelTally)
  | { kind: 'failed'; message: string };

const now = (): number => performance.timeOrigin + performance.now();
const say = (message: AgentsWorkerMessage): void => void process.send?.(message);

let enrolled: AgentCredentials[] = [];
const sockets: WebSocket[] = [];
const tally: ChannelTally = { received: 0, acked: 0, stored: 0, dropped: 0 };
let isClosing = false;

let pending: Receipt[] = [];
function record(receipt: Receipt): void {
  if (pending.length === 0) {
    setImmediate(() => {
      const receipts = pending;
      pending = [];
      say({ kind: 'received', receipts });
    });
  }
  pending.push(receipt);
}

async function enrol(command: Extract<AgentsWorkerCommand, { kind: 'enrol' }>): Promise<void> {
  const indexes = Array.from({ length: command.count }, (_, i) => i);
  enrolled = await mapBounded(indexes, command.concurrency, async (i) => {
    const answer = await postJson<EnrollResponse>(`${command.url}${AGENT_API.enroll}`, {
      protocolVersion: PROTOCOL_VERSION,
      enrollmentToken: command.enrollmentToken,
      hardwareId: `bench-${command.idPrefix}-${i}`,
      hostname: `bench-${command.idPrefix}-${i}`,
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
      agentVersion: '0.1.0',
    });
    return { machineId: answer.agentId, token: answer.agentToken };
  });
  say({ kind: 'enrolled', machineIds: enrolled.map((agent) => agent.machineId) });
}

/** What a real agent does with a frame: record, then acknowledge every action at once. */
function onFrame(socket: WebSocket, machineId: string, data: RawData, nextSeq: () => number): void {
  const at = now();
  const frame = JSON.parse(data.toString()) as ServerFrame;
  if (frame.type === 'stored') {
    tally.stored += frame.seqs.length;
    return;
  }
  if (frame.type !== 'actions' || frame.actions.length === 0) return;
  for (const action of frame.actions) record({ actionId: action.id, machineId, at });
  tally.received += frame.actions.length;
  const ack: AgentFrame = {
    type: 'updates',
    protocolVersion: PROTOCOL_VERSION,
    updates: frame.actions.map((action) => ({
      seq: nextSeq(),
      actionId: action.id,
      status: 'delivered' as const,
      at: Date.now(),
    })),
  };
  tally.acked += ack.updates.length;
  socket.send(JSON.stringify(ack));
}

/** Resolves once the channel is open; rejects with the server's refusal otherwise. */
function open(channelUrl: string, agent: AgentCredentials): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(channelUrl, {
      headers: { authorization: `Bearer ${agent.token}` },
      perMessageDeflate: false,
      handshakeTimeout: 30_000,
    });
    let seq = 0;
    let isOpen = false;
    socket.on('message', (data) => {
      try {
        onFrame(socket, agent.machineId, data, () => ++seq);
      } catch {
        // Not JSON: a real agent ignores such a frame too.
      }
    });
    socket.once('open', () => {
      isOpen = true;
      resolve(socket);
    });
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`the channel answered HTTP ${response.statusCode}`));
      socket.terminate();
    });
    // Kept for the socket's whole life: a reset after opening must not crash the process.
    socket.on('error', reject);
    socket.once('close', () => {
      if (isOpen && !isClosing) tally.dropped += 1;
    });
  });
}

async function connect(command: Extract<AgentsWorkerCommand, { kind: 'connect' }>): Promise<void> {
  const agents = command.agents ?? enrolled;
  let failed = 0;
  let firstError: string | undefined;
  await mapBounded(agents, command.concurrency, async (agent) => {
    try {
      sockets.push(await open(command.channelUrl, agent));
    } catch (error) {
      failed += 1;
      firstError ??= (error as Error).message;
    }
  });
  say({
    kind: 'connected',
    open: sockets.length,
    failed,
    ...(firstError === undefined ? {} : { firstError }),
  });
}

async function close(): Promise<void> {
  isClosing = true;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((done) => {
          if (socket.readyState === WebSocket.CLOSED) return done();
          socket.once('close', () => done());
          socket.close(1000);
          setTimeout(() => socket.terminate(), 2_000).unref();
        }),
    ),
  );
  sockets.length = 0;
  isClosing = false;
  say({ kind: 'closed', ...tally });
  Object.assign(tally, { received: 0, acked: 0, stored: 0, dropped: 0 });
}

async function handle(command: AgentsWorkerCommand): Promise<void> {
  switch (command.kind) {
    case 'enrol':
      return enrol(command);
    case 'connect':
      return connect(command);
    case 'clock':
      return say({ kind: 'clock', at: now() });
    case 'close':
      return close();
  }
}

process.on('message', (command: AgentsWorkerCommand) => {
  handle(command).catch((error: unknown) =>
    say({ kind: 'failed', message: (error as Error).message }),
  );
});
// The parent is gone (it stopped, or crashed): nothing left to measure for.
process.on('disconnect', () => process.exit(0));
