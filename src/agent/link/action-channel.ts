import type * as Ws from 'ws';
import type { RawData, WebSocket } from 'ws';
import { AGENT_API } from '../../shared/protocol/protocol-constants.js';
import type { LinkClock } from './clock.js';

/** How one connection of the live channel ended (reported once, never after close()). */
export type ChannelEnd =
  /** The server (or a proxy in front of it) answered the upgrade with plain HTTP. */
  | { kind: 'refused'; status: number; retryAfter?: string }
  /** It never opened (network, TLS, handshake timeout) or it dropped once open. */
  | { kind: 'lost'; wasOpen: boolean; message: string };

export interface ChannelHandlers {
  onOpen(): void;
  /** One text frame, as sent (binary frames are not part of the protocol and are dropped). */
  onText(text: string): void;
  onEnd(end: ChannelEnd): void;
}

export interface ChannelOptions {
  serverUrl: string;
  agentToken: string;
  clock: LinkClock;
  /** With nothing at all from the server (ping, frame) for this long, the connection is dead. */
  silenceMs: number;
  handshakeTimeoutMs?: number;
}

export interface Channel {
  /** False when the socket is not open (the frame is then not sent). */
  send(text: string): boolean;
  /** Closes with 1000 (going away on purpose); no onEnd follows. */
  close(): void;
}

/**
 * A frame bigger than this is not one the protocol sends: the server cuts its `actions` frames
 * at ACTION_LIMITS.maxFrameBytesToAgent (512 KiB). The room above is for older servers, which
 * cut by count only.
 */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;
const HANDSHAKE_TIMEOUT_MS = 30_000;
/** A server that does not answer the closing handshake does not hold the agent's shutdown. */
const CLOSE_WAIT_MS = 2_000;

/**
 * `ws` is loaded from node_modules when the first connection opens, out of the agent's bundle
 * (as the dashboard's framework is, see local-api/load-at-run-time.ts): it pulls in TLS, zlib
 * and its own sources, which an agent that is not enrolled must not pay for in resident memory.
 */
const WS_PACKAGE = 'ws';
let webSocketClass: Promise<typeof WebSocket> | undefined;
function loadWebSocket(): Promise<typeof WebSocket> {
  return (webSocketClass ??= (import(WS_PACKAGE) as Promise<typeof Ws>).then(
    (module) => module.WebSocket,
  ));
}

/** `https://host/prefix` -> `wss://host/prefix/api/v1/agent/channel`. */
export function channelUrl(serverUrl: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}${AGENT_API.channel}`;
}

/**
 * Opens one connection of the live channel: Bearer token, no compression (it costs ~230 KB
 * per connection on the server), a watchdog fed by the server's pings and frames. Reconnecting
 * is the caller's business; this reports how the connection ended, once.
 */
export async function openChannel(
  options: ChannelOptions,
  handlers: ChannelHandlers,
): Promise<Channel> {
  const WebSocketClass = await loadWebSocket();
  const { clock } = options;
  const socket = new WebSocketClass(channelUrl(options.serverUrl), {
    perMessageDeflate: false,
    headers: { authorization: `Bearer ${options.agentToken}` },
    handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    maxPayload: MAX_FRAME_BYTES,
  });
  let isEnded = false;
  let wasOpen = false;
  let lastError: string | undefined;
  let watchdog: unknown;

  const stopWatchdog = () => {
    if (watchdog !== undefined) clock.clearTimeout(watchdog);
    watchdog = undefined;
  };
  const feedWatchdog = () => {
    stopWatchdog();
    if (isEnded) return;
    watchdog = clock.setTimeout(() => {
      watchdog = undefined;
      const seconds = Math.round(options.silenceMs / 1000);
      end({ kind: 'lost', wasOpen, message: `no heartbeat from the server for ${seconds} s` });
      socket.terminate();
    }, options.silenceMs);
  };
  const end = (outcome: ChannelEnd) => {
    if (isEnded) return;
    isEnded = true;
    stopWatchdog();
    handlers.onEnd(outcome);
  };

  socket.on('unexpected-response', (_request, response) => {
    const retryAfter = response.headers['retry-after'];
    response.resume();
    end({
      kind: 'refused',
      status: response.statusCode ?? 0,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    });
    socket.terminate();
  });
  socket.on('open', () => {
    if (isEnded) return;
    wasOpen = true;
    feedWatchdog();
    handlers.onOpen();
  });
  socket.on('ping', feedWatchdog);
  socket.on('pong', feedWatchdog);
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isEnded) return;
    feedWatchdog();
    if (!isBinary) handlers.onText(textOf(data));
  });
  // Always listened to: an unhandled 'error' would end the process.
  socket.on('error', (error: Error) => {
    lastError = error.message;
  });
  socket.on('close', (code: number, reason: Buffer) => {
    const said = reason.length > 0 ? `: ${reason.toString('utf8').slice(0, 200)}` : '';
    end({ kind: 'lost', wasOpen, message: lastError ?? `closed by the server (${code}${said})` });
  });

  return {
    send(text) {
      if (isEnded || socket.readyState !== WebSocketClass.OPEN) return false;
      socket.send(text);
      return true;
    },
    close() {
      isEnded = true;
      stopWatchdog();
      if (socket.readyState === WebSocketClass.CONNECTING) {
        socket.terminate();
        return;
      }
      socket.close(1000, 'agent stopping');
      const giveUp = setTimeout(() => socket.terminate(), CLOSE_WAIT_MS);
      giveUp.unref();
      socket.once('close', () => clearTimeout(giveUp));
    },
  };
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
