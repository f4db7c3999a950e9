import type { ActionUpdate } from '../../shared/protocol/action-schemas.js';
import { PROTOCOL_VERSION, AGENT_API } from '../../shared/protocol/protocol-constants.js';
import { SECOND_MS } from '../../shared/time.js';
import { readPollAnswer, readUpdatesReceipt } from './action-frames.js';
import type { ActionAnswer, ActionTarget } from './action-http.js';
import { badAnswer, bearer, failureOf, isSuccess } from './action-http.js';
import type { Transport } from './http-transport.js';

/** A long poll is given this much longer than the wait the server was asked to hold it. */
const POLL_GRACE_MS = 15 * SECOND_MS;
const POST_TIMEOUT_MS = 30 * SECOND_MS;

export interface PollAnswer {
  actions: unknown[];
  cancelled: string[];
}

export interface ActionRequests {
  /** GET actions?wait=<seconds>: answers at once when something waits, else after `waitSeconds`. */
  poll(target: ActionTarget, waitSeconds: number): Promise<ActionAnswer<PollAnswer>>;
  /** POST the updates; answers the seqs the server stored. */
  postUpdates(target: ActionTarget, updates: ActionUpdate[]): Promise<ActionAnswer<number[]>>;
  /** Ends the poll in flight (its answer is a failure) and kept-alive connections. */
  abortPoll(): void;
  close(): void;
}

/**
 * The channel's HTTP fallback. Two transports, because each holds one connection per server:
 * the long poll occupies its own for up to `waitSeconds`, and updates must not queue behind it.
 */
export function createActionRequests(options: {
  now(): number;
  pollTransport: Transport;
  postTransport: Transport;
}): ActionRequests {
  const { now, pollTransport, postTransport } = options;
  return {
    async poll(target, waitSeconds) {
      const what = 'actions poll';
      const answer = await pollTransport.post({
        method: 'GET',
        url: `${target.serverUrl}${AGENT_API.actions}?wait=${waitSeconds}`,
        headers: { accept: 'application/json', ...bearer(target) },
        body: Buffer.alloc(0),
        timeoutMs: waitSeconds * SECOND_MS + POLL_GRACE_MS,
      });
      if (!isSuccess(answer)) return failureOf(answer, now(), what);
      const read = await readPollAnswer(answer.body);
      return read.ok ? read : badAnswer(what, read.problem);
    },

    async postUpdates(target, updates) {
      const what = 'action updates';
      const body = { protocolVersion: PROTOCOL_VERSION, updates };
      const answer = await postTransport.post({
        url: `${target.serverUrl}${AGENT_API.actionUpdates}`,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...bearer(target),
        },
        body: Buffer.from(JSON.stringify(body), 'utf8'),
        timeoutMs: POST_TIMEOUT_MS,
      });
      if (!isSuccess(answer)) return failureOf(answer, now(), what);
      const read = await readUpdatesReceipt(answer.body);
      return read.ok ? read : badAnswer(what, read.problem);
    },

    abortPoll: () => pollTransport.close(),
    close() {
      pollTransport.close();
      postTransport.close();
    },
  };
}
