import {
  MAX_SAMPLES_PER_REPORT,
  PROTOCOL_VERSION,
} from '../../shared/protocol/protocol-constants.js';
import type { ReportRequest } from '../../shared/protocol/agent-protocol.js';
import type { Inventory } from '../../shared/inventory.js';
import type { LinkError, LinkState } from '../../shared/local-api.js';
import type { Store } from '../store/types.js';
import type { BackoffPolicy } from './backoff.js';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff.js';
import type { LinkClock, LinkLogger } from './clock.js';
import { LINK_ERROR_CODES } from './link-errors.js';
import type { LinkFile } from './link-file.js';
import type { ReportAnswer } from './protocol-client.js';

export interface UploaderDeps {
  store: Pick<Store, 'outboxBatch' | 'acknowledge' | 'outboxStatus' | 'latest'>;
  report(link: LinkFile, body: ReportRequest): Promise<ReportAnswer>;
  clock: LinkClock;
  /** [0, 1), for the backoff's jitter. */
  random(): number;
  logger: LinkLogger;
  /** Most samples per report. Default MAX_SAMPLES_PER_REPORT. */
  maxSamples?: number;
  backoff?: BackoffPolicy;
  /** Called after every change of state, upload times included. */
  onChange?(state: LinkState): void;
}

export interface Uploader {
  /** A new (or no) enrolment: starts afresh (no backoff, inventory again) and uploads at once. */
  setLink(link: LinkFile | null): void;
  /** Uploads what is waiting, unless an upload runs, a retry is scheduled or the token was refused. */
  poke(): void;
  state(): LinkState;
  /** Resolves once no upload is in progress. */
  settled(): Promise<void>;
  /** No upload starts after this; resolves once the one in progress (if any) has ended. */
  stop(): Promise<void>;
}

type Status =
  | { name: 'connecting' }
  | { name: 'connected' }
  | { name: 'retrying'; since: number; nextAttemptAt: number; lastError: LinkError }
  | { name: 'rejected'; since: number; lastError: LinkError };

/** Everything but the moment it was read: an unchanged inventory is not sent again. */
const fingerprint = (inventory: Inventory): string => JSON.stringify({ ...inventory, readAt: 0 });

/**
 * Empties the outbox into the server, batch after batch, and keeps everything that was not
 * acknowledged: at-least-once delivery, which the server's idempotent storage turns into
 * exactly once. Failures back off exponentially with full jitter (or as long as the server
 * asks); sampling never waits for the network.
 */
export function createUploader(deps: UploaderDeps): Uploader {
  const { store, clock, logger } = deps;
  const maxSamples = deps.maxSamples ?? MAX_SAMPLES_PER_REPORT;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  let link: LinkFile | null = null;
  let status: Status = { name: 'connecting' };
  let lastUploadAt: number | null = null;
  let failures = 0;
  /** The inventory the current server has acknowledged; undefined: send it with the next report. */
  let inventorySent: string | undefined;
  let running: Promise<void> | undefined;
  let retryTimer: unknown;
  let isStopped = false;
  let isPokedAgain = false;
  /** Bumped by setLink: an answer meant for a previous enrolment is ignored. */
  let generation = 0;

  function state(): LinkState {
    let waiting = 0;
    try {
      waiting = store.outboxStatus().size;
    } catch {
      // The store is closing: the count is not worth an error.
    }
    if (!link) return { state: 'not-enrolled', waiting };
    const base = {
      serverUrl: link.serverUrl,
      orgName: link.orgName,
      agentId: link.agentId,
      lastUploadAt,
      waiting,
    };
    switch (status.name) {
      case 'connecting':
      case 'connected':
        return { ...base, state: status.name };
      case 'retrying':
        return {
          ...base,
          state: 'retrying',
          since: status.since,
          nextAttemptAt: status.nextAttemptAt,
          lastError: status.lastError,
        };
      case 'rejected':
        return { ...base, state: 'rejected', since: status.since, lastError: status.lastError };
      default:
        return assertNever(status);
    }
  }

  const changed = () => deps.onChange?.(state());

  function poke(): void {
    if (isStopped || !link || status.name === 'rejected' || retryTimer !== undefined) return;
    if (running) {
      isPokedAgain = true;
      return;
    }
    running = drain(link, generation)
      .catch((error: unknown) => {
        logger.error({ err: error }, 'link: upload failed unexpectedly, will try again next cycle');
      })
      .finally(() => {
        running = undefined;
        if (isPokedAgain) {
          isPokedAgain = false;
          poke();
        }
      });
  }

  /** Reports until the outbox is empty (or a report fails); one report at a time. */
  async function drain(current: LinkFile, ownGeneration: number): Promise<void> {
    for (;;) {
      isPokedAgain = false;
      const acked = store.outboxStatus().ackedSeq;
      const samples = store.outboxBatch(acked, maxSamples);
      const latest = store.latest();
      const inventoryPrint = latest.inventory ? fingerprint(latest.inventory) : undefined;
      const sendsInventory = inventoryPrint !== undefined && inventoryPrint !== inventorySent;
      // Nothing new: no request. The first report of an enrolment goes out even when empty,
      // so "connected" is something the server said.
      if (samples.length === 0 && !sendsInventory && status.name === 'connected') return;
      const body: ReportRequest = {
        protocolVersion: PROTOCOL_VERSION,
        samples,
        ...(sendsInventory && latest.inventory ? { inventory: latest.inventory } : {}),
        ...(latest.health ? { health: latest.health } : {}),
      };
      const answer = await deps.report(current, body);
      if (isStopped || ownGeneration !== generation) return;
      if (!answer.ok) {
        if (answer.kind === 'rejected') reject(answer);
        else retryLater(answer);
        return;
      }
      const ack = store.acknowledge(answer.ackedSeq);
      if (!ack.ok) {
        retryLater({ code: LINK_ERROR_CODES.ackBeyondLastSeq, message: ack.error.message });
        return;
      }
      if (sendsInventory) inventorySent = inventoryPrint;
      succeeded(current);
      const lastSent = samples.at(-1)?.seq ?? 0;
      if (ack.ackedSeq < lastSent) {
        logger.warn(
          { ackedSeq: ack.ackedSeq, lastSent },
          'link: the server stored fewer samples than were sent; the rest go with the next report',
        );
        return;
      }
      if (samples.length < maxSamples) return;
      // A full batch went through: more may be waiting (catching up after an outage).
    }
  }

  function succeeded(current: LinkFile): void {
    if (status.name !== 'connected') logger.info(`link: connected to ${current.serverUrl}`);
    status = { name: 'connected' };
    failures = 0;
    lastUploadAt = clock.now();
    changed();
  }

  function retryLater(failure: { code: string; message: string; retryAfterMs?: number }): void {
    failures += 1;
    const delay = failure.retryAfterMs ?? retryDelayMs(failures, deps.random, backoff);
    const now = clock.now();
    const since = status.name === 'retrying' ? status.since : now;
    const lastError = { code: failure.code, message: failure.message };
    status = { name: 'retrying', since, nextAttemptAt: now + delay, lastError };
    logger.warn(
      { code: failure.code, failures, delayMs: delay },
      `link: ${failure.message}, retrying in ${formatSeconds(delay)}`,
    );
    retryTimer = clock.setTimeout(() => {
      retryTimer = undefined;
      poke();
    }, delay);
    changed();
  }

  function reject(failure: { code: string; message: string }): void {
    status = {
      name: 'rejected',
      since: clock.now(),
      lastError: { code: failure.code, message: failure.message },
    };
    logger.error(
      { code: failure.code },
      `link: ${failure.message}; uploads stopped, samples are kept: enrol this PC again ` +
        '(dashfleet-agent enroll, or Settings in the dashboard)',
    );
    changed();
  }

  function clearRetry(): void {
    if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
    retryTimer = undefined;
  }

  return {
    setLink(next) {
      if (JSON.stringify(next) === JSON.stringify(link)) return;
      generation += 1;
      clearRetry();
      link = next;
      status = { name: 'connecting' };
      failures = 0;
      lastUploadAt = null;
      inventorySent = undefined;
      changed();
      poke();
    },
    poke,
    state,
    settled: async () => {
      while (running) await running;
    },
    async stop() {
      isStopped = true;
      clearRetry();
      while (running) await running;
    },
  };
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected link status ${JSON.stringify(value)}`);
}
