import type { FastifyBaseLogger } from 'fastify';
import type { Validator } from 'typebox/compile';
import { Compile } from 'typebox/compile';
import type { RawData, WebSocket } from 'ws';
import {
  ACCEPTED_PROTOCOL_VERSIONS,
  ACTION_LIMITS,
  AgentFrameSchema,
  CHANNEL_CLOSE_CODES,
} from '../../src/shared/protocol/index.js';
import type { ActionUpdate, ServerFrame } from '../../src/shared/protocol/index.js';
import type { ActionAgent } from './agent-identity.js';

/** A frame the agent sends is handled by these; what they return is sent back. */
export interface ChannelHandlers {
  /** Right after the socket is taken over: what is waiting for the machine. */
  onOpen(agent: ActionAgent): Promise<ServerFrame[]>;
  /** A valid `updates` frame; answers `stored` (and maybe `cancel`) once committed. */
  onUpdates(agent: ActionAgent, updates: readonly ActionUpdate[]): Promise<ServerFrame[]>;
}

export interface AgentChannelsOptions extends ChannelHandlers {
  log: FastifyBaseLogger;
  /** How often every socket is pinged; one that did not pong since the previous ping is dropped. */
  heartbeatMs: number;
  /** How long close() waits for agents to answer the close before cutting them off. */
  closeGraceMs?: number;
}

export interface AgentChannels {
  /** Takes over a freshly upgraded socket; an older socket of the same machine is closed (4000). */
  accept(socket: WebSocket, agent: ActionAgent): void;
  /** Sends to the machine's socket; false when it has none. */
  send(machineId: string, frame: ServerFrame): boolean;
  isConnected(machineId: string): boolean;
  /** Closes the machine's socket (deleted, enrolled again). */
  disconnect(machineId: string, code: number, reason: string): void;
  /** One heartbeat round (the timer calls it; exposed so it can be driven directly). */
  heartbeat(): void;
  /** Starts the heartbeat timer. */
  start(): void;
  /** Stops the timer and closes every socket with 1001, terminating those that do not answer. */
  close(): Promise<void>;
  readonly size: number;
}

/** What the server keeps per socket: a few fields, no closures, timers or buffers. */
interface Channel {
  readonly agent: ActionAgent;
  isAlive: boolean;
  inFlight: number;
}

/** Frames of one socket being applied at once; more is an agent not waiting for `stored`. */
const MAX_IN_FLIGHT = ACTION_LIMITS.maxUpdateFramesInFlight;
/** Close reasons are at most 123 bytes. */
const reason = (text: string): string => Buffer.from(text).subarray(0, 120).toString();

/**
 * The agents' live channels (design §3), one socket per machine. Memory matters with 10,000
 * agents: every socket shares the same listener functions (they find their state through
 * `this`), one interval pings them all, and a socket's state is one small object.
 */
export function createAgentChannels(options: AgentChannelsOptions): AgentChannels {
  const { log } = options;
  const byMachine = new Map<string, WebSocket>();
  const channels = new WeakMap<WebSocket, Channel>();
  const checkFrame: Validator = Compile(AgentFrameSchema);
  /** Updates being applied, across all sockets: close() lets them finish. */
  const applying = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let isClosing = false;

  function sendTo(socket: WebSocket, frame: ServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  function refuse(socket: WebSocket, why: string): void {
    socket.close(CHANNEL_CLOSE_CODES.policy, reason(why));
  }

  function parseFrame(data: RawData, isBinary: boolean): { updates: ActionUpdate[] } | string {
    if (isBinary) return 'text frames only';
    let value: unknown;
    try {
      value = JSON.parse(Array.isArray(data) ? Buffer.concat(data).toString() : data.toString());
    } catch {
      return 'not JSON';
    }
    if (!checkFrame.Check(value)) return 'not an agent frame';
    const frame = value as { protocolVersion: number; updates: ActionUpdate[] };
    if (!(ACCEPTED_PROTOCOL_VERSIONS as readonly number[]).includes(frame.protocolVersion)) {
      return `protocol version ${frame.protocolVersion} is not accepted`;
    }
    return frame;
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const channel = channels.get(this);
    if (!channel) return;
    if (channel.agent.isRevoked) {
      this.close(CHANNEL_CLOSE_CODES.revoked, 'agent token revoked');
      return;
    }
    const frame = parseFrame(data, isBinary);
    if (typeof frame === 'string') return refuse(this, frame);
    if (channel.inFlight >= MAX_IN_FLIGHT) return refuse(this, 'too many frames in flight');
    channel.inFlight += 1;
    const work = options
      .onUpdates(channel.agent, frame.updates)
      .then((answers) => {
        for (const answer of answers) sendTo(this, answer);
      })
      .catch((error: unknown) => {
        log.error({ err: error, machineId: channel.agent.machineId }, 'channel: update failed');
        this.close(1011, 'server error');
      })
      .finally(() => {
        channel.inFlight -= 1;
        applying.delete(work);
      });
    applying.add(work);
  }

  function onPong(this: WebSocket): void {
    const channel = channels.get(this);
    if (channel) channel.isAlive = true;
  }

  function onClose(this: WebSocket): void {
    const channel = channels.get(this);
    if (!channel) return;
    const { machineId } = channel.agent;
    if (byMachine.get(machineId) === this) byMachine.delete(machineId);
    log.debug({ machineId }, 'channel: closed');
  }

  /** ws emits 'close' after 'error'; cutting the socket off is all there is to do. */
  function onError(this: WebSocket): void {
    this.terminate();
  }

  function accept(socket: WebSocket, agent: ActionAgent): void {
    // Listeners added while upgrading hold the request and reply: let them go.
    socket.removeAllListeners('error');
    socket.on('error', onError);
    if (isClosing) {
      socket.close(CHANNEL_CLOSE_CODES.goingAway, 'server shutting down');
      return;
    }
    if (agent.isRevoked) {
      socket.close(CHANNEL_CLOSE_CODES.revoked, 'agent token revoked');
      return;
    }
    socket.on('message', onMessage);
    socket.on('pong', onPong);
    socket.on('close', onClose);
    channels.set(socket, { agent, isAlive: true, inFlight: 0 });
    const older = byMachine.get(agent.machineId);
    // Registered before the waiting actions are read: an action created meanwhile is pushed
    // to this socket, or found by the read; twice at worst, which the agent ignores.
    byMachine.set(agent.machineId, socket);
    if (older) older.close(CHANNEL_CLOSE_CODES.replaced, 'replaced by a newer connection');
    log.debug({ machineId: agent.machineId }, 'channel: connected');
    options.onOpen(agent).then(
      (frames) => {
        for (const frame of frames) sendTo(socket, frame);
      },
      (error: unknown) => {
        log.error({ err: error, machineId: agent.machineId }, 'channel: could not send actions');
        socket.close(1011, 'server error');
      },
    );
  }

  function heartbeat(): void {
    for (const socket of byMachine.values()) {
      const channel = channels.get(socket);
      if (!channel) continue;
      if (channel.agent.isRevoked) {
        socket.close(CHANNEL_CLOSE_CODES.revoked, 'agent token revoked');
      } else if (!channel.isAlive) {
        log.info({ machineId: channel.agent.machineId }, 'channel: no pong, connection dropped');
        socket.terminate();
      } else {
        channel.isAlive = false;
        socket.ping();
      }
    }
  }

  return {
    accept,
    send(machineId, frame) {
      const socket = byMachine.get(machineId);
      if (!socket) return false;
      sendTo(socket, frame);
      return true;
    },
    isConnected: (machineId) => byMachine.has(machineId),
    disconnect(machineId, code, why) {
      const socket = byMachine.get(machineId);
      if (!socket) return;
      byMachine.delete(machineId);
      socket.close(code, reason(why));
    },
    heartbeat,
    start() {
      timer ??= setInterval(heartbeat, options.heartbeatMs);
      timer.unref();
    },
    async close() {
      isClosing = true;
      if (timer) clearInterval(timer);
      timer = null;
      const sockets = [...byMachine.values()];
      byMachine.clear();
      await Promise.allSettled([...applying]);
      if (sockets.length === 0) return;
      const closed = sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === socket.CLOSED) return resolve();
            socket.once('close', () => resolve());
          }),
      );
      for (const socket of sockets) {
        socket.close(CHANNEL_CLOSE_CODES.goingAway, 'server shutting down');
      }
      const grace = new Promise<void>((resolve) =>
        setTimeout(resolve, options.closeGraceMs ?? 1_000).unref(),
      );
      await Promise.race([Promise.all(closed), grace]);
      for (const socket of sockets) if (socket.readyState !== socket.CLOSED) socket.terminate();
    },
    get size() {
      return byMachine.size;
    },
  };
}
