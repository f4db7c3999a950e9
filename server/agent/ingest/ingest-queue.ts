import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { AGENT_ERROR_CODES } from '../../../src/shared/protocol/index.js';
import type { ReportRequest } from '../../../src/shared/protocol/index.js';
import { ApiError } from '../../http/api-error.js';
import type { Database } from '../../store/schema.js';
import type { AgentIdentity } from '../agent-token-cache.js';
import type { AcceptedReport, MachineChange } from './flush-plan.js';
import { planFlush } from './flush-plan.js';
import { oldestKeptMinute } from './minute-retention.js';
import { createFlushWriter } from './write-flush.js';

export interface IngestQueueOptions {
  db: Kysely<Database>;
  now: () => number;
  log: FastifyBaseLogger;
  /** Called after each commit with what changed (the live hub listens). */
  onCommitted?: (changes: readonly MachineChange[]) => void;
  /** Reports waiting beyond this many are refused with 429 until the store catches up. */
  maxPending?: number;
}

export interface IngestQueue {
  /** Resolves with the machine's acknowledged seq once the report is committed. */
  submit(identity: AgentIdentity, report: ReportRequest): Promise<number>;
  /** Drops the remembered high-water mark (re-enrolled or deleted machine). */
  forgetMachine(machineId: string): void;
  /** Writes what is waiting and refuses what comes after. */
  close(): Promise<void>;
}

interface Waiting {
  identity: AgentIdentity;
  accepted: AcceptedReport;
  resolve(ackedSeq: number): void;
  reject(error: Error): void;
}

const IN_CLAUSE_SIZE = 500;

/**
 * Group commit: reports are queued as they arrive and written together, one transaction per
 * flush, and each request is answered only after the flush holding it committed (an ack
 * covers only what is durable). A flush starts on the turn of the event loop after the first
 * report arrives, so it takes in whatever arrived meanwhile: one report when idle, hundreds
 * under load, without a fixed delay.
 *
 * The high-water mark (last_seq) of each machine is kept here, read from the database on
 * first use and updated inside the transaction that raises it. That is sound for one process
 * owning the database; several instances on PostgreSQL would need the guard in SQL instead
 * (`WHERE last_seq < :seq`, or the aggregates keyed by seq), since each would hold its own copy.
 */
export function createIngestQueue(options: IngestQueueOptions): IngestQueue {
  const { db, now, log } = options;
  const maxPending = options.maxPending ?? 50_000;
  const lastSeqs = new Map<string, number>();
  const writeFlush = createFlushWriter(db);
  let pending: Waiting[] = [];
  let isScheduled = false;
  let running: Promise<void> | null = null;
  let isClosed = false;

  function schedule(): void {
    if (isScheduled || running) return;
    isScheduled = true;
    setImmediate(() => {
      isScheduled = false;
      if (running || pending.length === 0) return;
      running = flush().finally(() => {
        running = null;
        if (pending.length > 0) schedule();
      });
    });
  }

  async function loadLastSeqs(trx: Kysely<Database>, machineIds: readonly string[]): Promise<void> {
    const missing = machineIds.filter((id) => !lastSeqs.has(id));
    for (let i = 0; i < missing.length; i += IN_CLAUSE_SIZE) {
      const rows = await trx
        .selectFrom('machines')
        .select(['id', 'last_seq'])
        .where('id', 'in', missing.slice(i, i + IN_CLAUSE_SIZE))
        .execute();
      for (const row of rows) lastSeqs.set(row.id, Number(row.last_seq));
    }
  }

  async function flush(): Promise<void> {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const refused: Waiting[] = [];
    const written: Waiting[] = [];
    let changes: MachineChange[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        // Inside the transaction: a re-enrolment or a deletion that committed before it has
        // revoked these identities, and none can commit while it runs.
        const live = batch.filter((item) => !item.identity.isRevoked);
        await loadLastSeqs(trx, [...new Set(live.map((item) => item.accepted.machineId))]);
        // A machine without a row was deleted: its reports are refused like a revoked token's.
        for (const item of batch) {
          const isKnown = !item.identity.isRevoked && lastSeqs.has(item.accepted.machineId);
          (isKnown ? written : refused).push(item);
        }
        const plan = planFlush(
          written.map((item) => item.accepted),
          (machineId) => lastSeqs.get(machineId) ?? 0,
          oldestKeptMinute(now()),
        );
        await writeFlush(trx, plan);
        changes = [...plan.machines.values()];
        for (const change of changes) lastSeqs.set(change.machineId, change.lastSeq);
      });
    } catch (error) {
      // What this process remembers may now be ahead of the database: read it again.
      for (const item of batch) lastSeqs.delete(item.accepted.machineId);
      log.error({ err: error }, `ingest: could not store ${batch.length} reports`);
      const failure = new ApiError('E_INTERNAL', 'the report could not be stored; send it again');
      for (const item of batch) item.reject(failure);
      return;
    }
    for (const item of written) item.resolve(lastSeqs.get(item.accepted.machineId) ?? 0);
    if (refused.length > 0) {
      const invalid = new ApiError(
        AGENT_ERROR_CODES.agentTokenInvalid,
        'this agent token was revoked: enrol again',
      );
      for (const item of refused) item.reject(invalid);
    }
    if (changes.length > 0) {
      try {
        options.onCommitted?.(changes);
      } catch (error) {
        log.error({ err: error }, 'ingest: a listener failed after a commit');
      }
    }
  }

  return {
    submit(identity, report) {
      if (isClosed) {
        return Promise.reject(
          new ApiError('E_RATE_LIMITED', 'the server is shutting down', { 'retry-after': '10' }),
        );
      }
      if (pending.length >= maxPending) {
        return Promise.reject(
          new ApiError('E_RATE_LIMITED', 'too many reports waiting; send again later', {
            'retry-after': '5',
          }),
        );
      }
      return new Promise<number>((resolve, reject) => {
        pending.push({
          identity,
          accepted: {
            machineId: identity.machineId,
            orgId: identity.orgId,
            report,
            receivedAt: now(),
          },
          resolve,
          reject,
        });
        schedule();
      });
    },
    forgetMachine(machineId) {
      lastSeqs.delete(machineId);
    },
    async close() {
      isClosed = true;
      while (running || pending.length > 0) {
        if (running) await running;
        else await (running = flush().finally(() => (running = null)));
      }
    },
  };
}
