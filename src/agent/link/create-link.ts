import type { Inventory } from '../../shared/inventory.js';
import type { LinkState } from '../../shared/local-api.js';
import type { Store } from '../store/types.js';
import type { LinkClock, LinkLogger } from './clock.js';
import { systemClock } from './clock.js';
import type { EnrollResult } from './enroll.js';
import type { LinkFile } from './link-file.js';
import { enrollAgent } from './enroll.js';
import type { Transport } from './http-transport.js';
import { createHttpTransport } from './http-transport.js';
import { linkFileStamp, readLinkFile } from './link-file.js';
import { createLinkStateWriter, removeLinkState } from './link-state-file.js';
import { createProtocolClient } from './protocol-client.js';
import { createUploader } from './uploader.js';

export interface LinkDeps {
  dataDir: string;
  store: Pick<Store, 'outboxBatch' | 'acknowledge' | 'outboxStatus' | 'latest'>;
  logger: LinkLogger;
  /** This PC's inventory for an enrolment from the dashboard. */
  readInventory(): Promise<Inventory>;
  clock?: LinkClock;
  random?: () => number;
  transport?: Transport;
  /** How long a request may take. Default 30 s. */
  timeoutMs?: number;
  /** Keep `<dataDir>/link-state.json` up to date for `dashfleet-agent status`. Default true. */
  publishState?: boolean;
}

/** The running agent's link to its server. */
export interface Link {
  /** Reads link.json and, when enrolled, uploads what is waiting. */
  start(): void;
  /** After each stored cycle: notices a new or changed link.json (one stat), then uploads. */
  afterCycle(): void;
  state(): LinkState;
  /** Enrols with a server (the dashboard's settings) and starts reporting to it at once. */
  enroll(serverUrl: string, enrollmentToken: string): Promise<EnrollResult>;
  /** Resolves once no upload is in progress. */
  settled(): Promise<void>;
  /**
   * Called with the enrolment each time link.json is read anew: at start, when it appeared or
   * changed, and with null when it went (or is damaged). Returns the function that detaches.
   */
  onLinkFile(listener: (link: LinkFile | null) => void): () => void;
  /** Stops uploading and ends the request in flight; the outbox keeps what was not acknowledged. */
  stop(): Promise<void>;
}

export function createLink(deps: LinkDeps): Link {
  const { dataDir, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const transport = deps.transport ?? createHttpTransport({ keepAlive: true });
  const client = createProtocolClient({
    transport,
    now: () => clock.now(),
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
  });
  const publish = deps.publishState ?? true;
  const writeLinkState = createLinkStateWriter(dataDir, () => clock.now());
  const uploader = createUploader({
    store: deps.store,
    report: (link, body) => client.report(link.serverUrl, link.agentToken, body),
    clock,
    random: deps.random ?? Math.random,
    logger,
    onChange: (state) => {
      if (!publish) return;
      try {
        writeLinkState(state);
      } catch (error) {
        logger.warn({ err: error }, 'link: cannot write link-state.json for the status command');
      }
    },
  });
  /** undefined: never looked; null: no link.json. */
  let stamp: string | null | undefined;
  let current: LinkFile | null = null;
  const linkListeners = new Set<(link: LinkFile | null) => void>();

  function announce(link: LinkFile | null): void {
    current = link;
    for (const listener of [...linkListeners]) {
      try {
        listener(link);
      } catch (error) {
        logger.error({ err: error }, 'link: a part that follows link.json failed');
      }
    }
  }

  /** Reloads link.json when it appeared, changed or went away since the last look. */
  function checkLinkFile(): void {
    const now = linkFileStamp(dataDir);
    if (now === stamp) return;
    stamp = now;
    const read = readLinkFile(dataDir);
    if (!read.ok) {
      logger.error(`link: ${read.error}; not reporting until this PC is enrolled again`);
      uploader.setLink(null);
      announce(null);
      return;
    }
    const link = read.value;
    if (link) {
      logger.info(
        { agentId: link.agentId, orgName: link.orgName },
        `link: enrolled in ${link.orgName} as ${link.agentId}, reporting to ${link.serverUrl}`,
      );
    } else if (uploader.state().state !== 'not-enrolled') {
      logger.info('link: link.json removed, no longer reporting to a server');
    }
    uploader.setLink(link);
    announce(link);
  }

  return {
    start() {
      checkLinkFile();
      uploader.poke();
    },
    afterCycle() {
      try {
        checkLinkFile();
      } catch (error) {
        logger.warn({ err: error }, 'link: cannot read link.json, will look again next cycle');
      }
      uploader.poke();
    },
    state: () => uploader.state(),
    settled: () => uploader.settled(),
    onLinkFile(listener) {
      linkListeners.add(listener);
      if (stamp !== undefined) listener(current);
      return () => linkListeners.delete(listener);
    },
    async enroll(serverUrl, enrollmentToken) {
      const result = await enrollAgent({
        serverUrl,
        enrollmentToken,
        dataDir,
        readInventory: deps.readInventory,
        client,
        now: () => clock.now(),
      });
      if (result.ok) checkLinkFile();
      else
        logger.warn({ code: result.error.code }, `link: enrolment failed: ${result.error.message}`);
      return result;
    },
    async stop() {
      const stopped = uploader.stop();
      transport.close();
      await stopped;
      if (publish) removeLinkState(dataDir);
    },
  };
}
