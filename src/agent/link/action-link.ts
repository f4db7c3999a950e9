import { ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/protocol-constants.js';
import { MINUTE_MS, SECOND_MS } from '../../shared/time.js';
import { putArtifact } from './action-artifact.js';
import type { Channel, ChannelEnd } from './action-channel.js';
import { openChannel } from './action-channel.js';
import { readServerFrame } from './action-frames.js';
import type { ActionTarget } from './action-http.js';
import type { ActionRequests, PollAnswer } from './action-poll.js';
import { createActionRequests } from './action-poll.js';
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelayMs } from './backoff.js';
import { systemClock } from './clock.js';
import { createHttpTransport } from './http-transport.js';
import type { ActionLink, ActionLinkDeps, ActionLinkState } from './action-link-types.js';
import { describeEnd, formatSeconds, isRefusedByProxy, withinBytes } from './action-link-rules.js';

export type * from './action-link-types.js';

/** After this many failed connections in a row, plain HTTP is tried; if it works, it is used. */
const FALLBACK_AFTER_FAILURES = 3;
const SILENCE_HEARTBEATS = 2.5;
/** Half what the server allows before it drops the channel: room for a resend after a gap. */
const MAX_FRAMES_IN_FLIGHT = ACTION_LIMITS.maxUpdateFramesInFlight / 2;
const DEFAULT_POLL_WAIT_SECONDS = 25;

/**
 * The agent's live channel for actions (design §3, §5): a WebSocket to AGENT_API.channel, and
 * when that cannot be held (a proxy refuses the upgrade, or connections keep failing while
 * plain HTTP works) long-polling over HTTP, with the socket tried again now and then.
 * Reconnects back off exponentially with full jitter (1 s .. 5 min), so a server restart does
 * not bring every agent back at the same moment. Updates are sent as soon as the engine queues
 * them and again after a reconnect until the server says it stored them.
 */
export function createActionLink(deps: ActionLinkDeps): ActionLink {
  const { engine, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const silenceMs =
    (deps.heartbeatSeconds ?? ACTION_LIMITS.heartbeatSeconds) * SILENCE_HEARTBEATS * SECOND_MS;
  const pollWaitSeconds = Math.min(
    deps.pollWaitSeconds ?? DEFAULT_POLL_WAIT_SECONDS,
    ACTION_LIMITS.maxPollWaitSeconds,
  );
  const socketRetryMs = deps.socketRetryMs ?? 10 * MINUTE_MS;
  const stableMs = deps.stableMs ?? 30 * SECOND_MS;
  const transports = deps.transports ?? {
    poll: createHttpTransport({ keepAlive: true }),
    post: createHttpTransport({ keepAlive: true }),
    artifact: createHttpTransport({ keepAlive: false }),
  };
  const requests: ActionRequests = createActionRequests({
    now: () => clock.now(),
    pollTransport: transports.poll,
    postTransport: transports.post,
  });

  let target: ActionTarget | null = null;
  let mode: ActionLinkState = 'idle';
  /** Bumped whenever the link starts afresh or stops: late answers of before are ignored. */
  let generation = 0;
  let channel: Channel | undefined;
  let openedAt = 0;
  let socketFailures = 0;
  /** Long-polling is the way in; the socket is only tried now and then. */
  let isPolling = false;
  let pollRun = 0;
  let pollFailures = 0;
  let postFailures = 0;
  /** Seqs sent over the socket and not yet `stored`: not sent again on this connection. */
  const inFlight = new Set<number>();
  /** `updates` frames the server has not answered with `stored` yet (it answers each once). */
  let framesInFlight = 0;
  let isFlushQueued = false;
  const timers = new Map<'retry' | 'trial' | 'post' | 'poll', unknown>();
  let wakePoll: (() => void) | undefined;
  let posting: Promise<void> | undefined;
  let isPostedAgain = false;
  /** Waiting for the posting of updates to settle (see whenPostsSettle). */
  let postWaiters: Array<() => void> = [];
  const tasks = new Set<Promise<unknown>>();

  function track(task: Promise<unknown>): void {
    const tracked = task.catch((error: unknown) =>
      logger.error({ err: error }, 'actions: the link failed unexpectedly'),
    );
    tasks.add(tracked);
    void tracked.finally(() => tasks.delete(tracked));
  }

  /** The engine's own failures are logged, never let loose on the socket's event loop. */
  function toEngine<T>(call: () => T): T | undefined {
    try {
      return call();
    } catch (error) {
      logger.error({ err: error }, 'actions: the engine failed to take what the server sent');
      return undefined;
    }
  }

  function setTimer(name: 'retry' | 'trial' | 'post' | 'poll', ms: number, run: () => void) {
    clearTimer(name);
    timers.set(
      name,
      clock.setTimeout(() => {
        timers.delete(name);
        run();
      }, ms),
    );
  }
  function clearTimer(name: 'retry' | 'trial' | 'post' | 'poll'): void {
    const handle = timers.get(name);
    if (handle !== undefined) clock.clearTimeout(handle);
    timers.delete(name);
  }

  /** Back to nothing: no socket, no poll, no timers. */
  function reset(): void {
    generation += 1;
    pollRun += 1;
    for (const name of [...timers.keys()]) clearTimer(name);
    wakePoll?.();
    channel?.close();
    channel = undefined;
    requests.abortPoll();
    isPolling = false;
    socketFailures = 0;
    pollFailures = 0;
    postFailures = 0;
    inFlight.clear();
    framesInFlight = 0;
    releasePostWaiters();
    mode = 'idle';
  }

  // --- the socket ---

  function connect(isTrial: boolean): void {
    const current = target;
    if (!current) return;
    const own = generation;
    if (!isTrial) mode = 'connecting';
    const opening = openChannel(
      { serverUrl: current.serverUrl, agentToken: current.agentToken, clock, silenceMs },
      {
        onOpen: () => own === generation && opened(current),
        onText: (text) => own === generation && track(receiveFrame(text, own)),
        onEnd: (end) => {
          if (own !== generation) return;
          channel = undefined;
          socketEnded(end);
        },
      },
    );
    track(
      opening.then(
        (handle) => (own === generation ? (channel = handle) : handle.close()),
        (error: unknown) => {
          if (own !== generation) return;
          socketEnded({ kind: 'lost', wasOpen: false, message: (error as Error).message });
        },
      ),
    );
  }

  function opened(current: ActionTarget): void {
    openedAt = clock.now();
    if (isPolling) {
      isPolling = false;
      pollRun += 1;
      clearTimer('trial');
      clearTimer('poll');
      clearTimer('post');
      wakePoll?.();
      releasePostWaiters();
      requests.abortPoll();
      logger.info(`actions: live channel to ${current.serverUrl} restored, long-polling stopped`);
    } else {
      logger.info(`actions: live channel to ${current.serverUrl}`);
    }
    mode = 'live';
    inFlight.clear();
    framesInFlight = 0;
    flush();
  }

  function socketEnded(end: ChannelEnd): void {
    inFlight.clear();
    if (end.kind === 'refused' && end.status === 401) {
      reject(`the server refused this agent's token (HTTP 401 on the live channel)`);
      return;
    }
    if (isPolling) {
      logger.info(`actions: the live channel still cannot be used (${describeEnd(end)})`);
      scheduleTrial();
      return;
    }
    if (end.kind === 'lost' && end.wasOpen && clock.now() - openedAt >= stableMs) {
      socketFailures = 0;
    }
    if (end.kind === 'refused' && isRefusedByProxy(end.status)) {
      fallBack(`the live channel was refused (HTTP ${end.status})`);
      return;
    }
    socketFailures += 1;
    if (socketFailures >= FALLBACK_AFTER_FAILURES) {
      probeHttp(end);
      return;
    }
    const retryAfterMs =
      end.kind === 'refused' ? parseRetryAfter(end.retryAfter, clock.now()) : undefined;
    retryLater(describeEnd(end), retryAfterMs);
  }

  function retryLater(reason: string, retryAfterMs?: number): void {
    const delay = retryAfterMs ?? retryDelayMs(socketFailures, random, backoff);
    mode = 'retrying';
    logger.warn(
      { failures: socketFailures, delayMs: delay },
      `actions: ${reason}; reconnecting in ${formatSeconds(delay)}`,
    );
    setTimer('retry', delay, () => connect(false));
  }

  /** Connections keep failing: when plain HTTP gets through, something in between blocks sockets. */
  function probeHttp(end: ChannelEnd): void {
    const current = target;
    if (!current) return;
    const own = generation;
    mode = 'connecting';
    track(
      requests.poll(current, 0).then((answer) => {
        if (own !== generation) return;
        if (answer.ok) {
          fallBack(
            `the live channel failed ${socketFailures} times in a row (${describeEnd(end)})`,
          );
          deliver(answer.value);
        } else if (answer.kind === 'rejected') reject(answer.message);
        else retryLater(describeEnd(end));
      }),
    );
  }

  async function receiveFrame(text: string, own: number): Promise<void> {
    const frame = await readServerFrame(text);
    if (own !== generation) return;
    if (!frame.ok) {
      logger.warn(`actions: ignored a frame from the server (${frame.problem})`);
      return;
    }
    const message = frame.value;
    switch (message.type) {
      case 'actions':
        if (message.actions.length > 0) toEngine(() => engine.receive(message.actions));
        return;
      case 'cancel':
        if (message.actionIds.length > 0) toEngine(() => engine.cancel(message.actionIds));
        return;
      case 'stored':
        framesInFlight = Math.max(0, framesInFlight - 1);
        for (const seq of message.seqs) inFlight.delete(seq);
        toEngine(() => engine.confirmUpdates(message.seqs));
        flush();
        return;
      default:
        assertNever(message);
    }
  }

  /**
   * Sends what the engine has waiting, once the current burst is over: receiving 50 actions
   * queues 50 `delivered` updates one by one, and they go out as one frame, not 50.
   */
  function flush(): void {
    if (isFlushQueued) return;
    isFlushQueued = true;
    queueMicrotask(() => {
      isFlushQueued = false;
      if (isPolling) postUpdates();
      else sendFrames();
    });
  }

  /** Updates not yet sent on this connection, a few frames ahead of the server's `stored`. */
  function sendFrames(): void {
    while (mode === 'live' && channel && framesInFlight < MAX_FRAMES_IN_FLIGHT) {
      const pending = toEngine(() => engine.pendingUpdates(ACTION_LIMITS.maxUpdatesPerPost));
      const fresh = (pending ?? []).filter((update) => !inFlight.has(update.seq));
      if (fresh.length === 0) return;
      const updates = withinBytes(fresh);
      const frame = { type: 'updates', protocolVersion: PROTOCOL_VERSION, updates };
      if (!channel.send(JSON.stringify(frame))) return;
      framesInFlight += 1;
      for (const { seq } of updates) inFlight.add(seq);
    }
  }

  // --- the HTTP fallback ---

  function fallBack(reason: string): void {
    isPolling = true;
    pollFailures = 0;
    postFailures = 0;
    mode = 'polling';
    logger.warn(`actions: ${reason}; receiving actions by HTTP long-polling instead`);
    scheduleTrial();
    postUpdates();
    const own = ++pollRun;
    track(pollLoop(own));
  }

  function scheduleTrial(): void {
    setTimer('trial', socketRetryMs * (0.75 + random() * 0.5), () => connect(true));
  }

  async function pollLoop(own: number): Promise<void> {
    while (own === pollRun && target) {
      // What the last answer brought is acknowledged before the next poll: the server answers
      // at once while it sees an action unacknowledged, so polling alongside the post would
      // bring the same actions again, each time adding `delivered` updates to the outbox.
      postUpdates();
      await whenPostsSettle();
      if (own !== pollRun || !target) return;
      const answer = await requests.poll(target, pollWaitSeconds);
      if (own !== pollRun) return;
      if (answer.ok) {
        if (mode !== 'polling') logger.info('actions: long-polling again');
        mode = 'polling';
        pollFailures = 0;
        deliver(answer.value);
        continue;
      }
      if (answer.kind === 'rejected') {
        reject(answer.message);
        return;
      }
      pollFailures += 1;
      const delay = answer.retryAfterMs ?? retryDelayMs(pollFailures, random, backoff);
      mode = 'retrying';
      logger.warn(
        { failures: pollFailures, delayMs: delay },
        `actions: ${answer.message}; polling again in ${formatSeconds(delay)}`,
      );
      await new Promise<void>((resolve) => {
        wakePoll = resolve;
        setTimer('poll', delay, resolve);
      });
      wakePoll = undefined;
    }
  }

  function deliver(answer: PollAnswer): void {
    if (answer.actions.length > 0) toEngine(() => engine.receive(answer.actions));
    if (answer.cancelled.length > 0) toEngine(() => engine.cancel(answer.cancelled));
  }

  /**
   * Resolves once no post of updates runs or waits for its retry (also when the link starts
   * afresh or leaves polling; the caller checks its run is still current).
   */
  function whenPostsSettle(): Promise<void> {
    if (!posting && !timers.has('post')) return Promise.resolve();
    return new Promise((resolve) => postWaiters.push(resolve));
  }

  function releasePostWaiters(): void {
    const waiters = postWaiters;
    postWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Posts the waiting updates, batch after batch; one request at a time. */
  function postUpdates(): void {
    if (timers.has('post')) return;
    if (posting) {
      isPostedAgain = true;
      return;
    }
    const own = generation;
    posting = (async () => {
      for (;;) {
        isPostedAgain = false;
        if (own !== generation || !isPolling || !target) return;
        const pending = toEngine(() => engine.pendingUpdates(ACTION_LIMITS.maxUpdatesPerPost));
        if (!pending || pending.length === 0) return;
        const answer = await requests.postUpdates(target, withinBytes(pending));
        if (own !== generation) return;
        if (!answer.ok) {
          if (answer.kind === 'rejected') return reject(answer.message);
          postFailures += 1;
          const delay = answer.retryAfterMs ?? retryDelayMs(postFailures, random, backoff);
          logger.warn(
            `actions: ${answer.message}; sending updates again in ${formatSeconds(delay)}`,
          );
          setTimer('post', delay, postUpdates);
          return;
        }
        postFailures = 0;
        toEngine(() => engine.confirmUpdates(answer.value));
        // Nothing stored: the server keeps refusing these; they go again with the next poll.
        if (answer.value.length === 0) return;
      }
    })();
    track(
      posting.finally(() => {
        posting = undefined;
        if (isPostedAgain) postUpdates();
        if (!posting && !timers.has('post')) releasePostWaiters();
      }),
    );
  }

  function reject(message: string): void {
    reset();
    mode = 'rejected';
    logger.error(
      `actions: ${message}; no actions until this PC is enrolled again ` +
        '(dashfleet-agent enroll, or Settings in the dashboard)',
    );
  }

  const detachUpdates = engine.onUpdate(() => flush());
  let isStopped = false;

  const link: ActionLink = {
    setLink(next) {
      if (isStopped) return;
      const same =
        next === null
          ? target === null
          : target !== null &&
            next.serverUrl === target.serverUrl &&
            next.agentToken === target.agentToken;
      if (same) return;
      reset();
      target = next ? { serverUrl: next.serverUrl, agentToken: next.agentToken } : null;
      if (target) connect(false);
    },
    state: () => mode,
    uploadArtifact: (actionId, gzip) =>
      putArtifact(transports.artifact, mode === 'rejected' ? null : target, actionId, gzip, () =>
        clock.now(),
      ),
    async stop() {
      isStopped = true;
      detachUpdates();
      reset();
      target = null;
      requests.close();
      transports.artifact.close();
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
  };
  link.setLink(deps.link);
  return link;
}

function assertNever(value: never): never {
  throw new Error(`unexpected frame ${JSON.stringify(value)}`);
}
