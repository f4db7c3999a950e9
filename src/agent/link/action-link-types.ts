import type { ActionEngine } from '../actions/engine.js';
import type { ArtifactResult } from './action-artifact.js';
import type { ActionTarget } from './action-http.js';
import type { BackoffPolicy } from './backoff.js';
import type { LinkClock, LinkLogger } from './clock.js';
import type { Transport } from './http-transport.js';

/**
 * - idle: no link (or stopped);
 * - connecting: opening the live channel (or checking whether plain HTTP gets through);
 * - live: the WebSocket is open;
 * - polling: the socket cannot be held here, actions come by HTTP long-polling;
 * - retrying: waiting (backoff with jitter) after a failure, in either mode;
 * - rejected: the server refused the agent's token; nothing more until link.json changes.
 */
export type ActionLinkState = 'idle' | 'connecting' | 'live' | 'polling' | 'retrying' | 'rejected';

/** What the link needs of the engine: it hands over what the server sent, and carries updates back. */
export type ActionLinkEngine = Pick<
  ActionEngine,
  'receive' | 'cancel' | 'pendingUpdates' | 'confirmUpdates' | 'onUpdate'
>;

export type { ActionTarget, ArtifactResult };

export interface ActionLinkDeps {
  /** serverUrl + agentToken from link.json; null when this PC is not enrolled. */
  link: ActionTarget | null;
  engine: ActionLinkEngine;
  logger: LinkLogger;
  clock?: LinkClock;
  /** [0, 1), for the jitter. */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** The server pings this often; 2.5 times as long without a sign of it ends a connection. */
  heartbeatSeconds?: number;
  /** How long a long poll asks the server to hold it. Default 25 s. */
  pollWaitSeconds?: number;
  /** While long-polling, the socket is tried again after about this long. Default 10 min. */
  socketRetryMs?: number;
  /** A connection that stayed up this long starts the backoff afresh when it drops. Default 30 s. */
  stableMs?: number;
  /** Default: node:http(s) transports of its own (a long poll holds its connection). */
  transports?: { poll: Transport; post: Transport; artifact: Transport };
}

export interface ActionLink {
  /** A new (or no) enrolment: starts afresh, without backoff. The same link again changes nothing. */
  setLink(link: ActionTarget | null): void;
  state(): ActionLinkState;
  /** PUTs a collect-logs bundle (gzip) for an action; a failure is a value. */
  uploadArtifact(actionId: string, gzip: Buffer): Promise<ArtifactResult>;
  /** Closes the socket (1000), ends the poll in flight; resolves once nothing runs. */
  stop(): Promise<void>;
}
