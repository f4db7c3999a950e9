import type { Database as Db } from 'better-sqlite3';
import type { ActionTables } from './action-tables.js';
import { createActionTables } from './action-tables.js';
import { openDatabase } from './database.js';
import type { StoreSettings } from './defaults.js';
import { resolveSettings } from './defaults.js';
import { StoreError } from './errors.js';
import { createExporter } from './export.js';
import { createHistoryReader } from './history.js';
import { createMeta, deletedBeforeKey } from './meta.js';
import { createMetricIds } from './metric-ids.js';
import { assertCurrentSchema, migrate } from './migrations.js';
import { createOutbox } from './outbox.js';
import { createRetention } from './retention.js';
import { createRollups } from './rollups.js';
import { createStateTable, toStateJson } from './state.js';
import type { TierContext } from './tiers.js';
import { recordedRetention, recordRetention, tierSpecs } from './tiers.js';
import type { Store, StoreOptions } from './types.js';
import { createCycleWriter } from './write-cycle.js';

export { StoreError, isStoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { DEFAULT_OUTBOX_LIMITS, DEFAULT_RETENTION } from './defaults.js';

/**
 * Opens (creating and migrating if needed) the agent's history. Read-write for the agent;
 * `readonly: true` for the CLI beside a running agent, which never writes to the file and
 * refuses a schema it does not know. Throws StoreError for files it cannot safely use.
 */
export function openStore(options: StoreOptions): Store {
  const settings = resolveSettings(options);
  const db = openDatabase(settings.path, settings.isReadonly);
  try {
    return assemble(db, settings);
  } catch (error) {
    db.close();
    throw error;
  }
}

function assemble(db: Db, settings: StoreSettings): Store {
  const { now, isReadonly } = settings;
  if (isReadonly) assertCurrentSchema(db);
  else migrate(db);
  const meta = createMeta(db);
  // A reader opened without options uses the retention the writer recorded.
  const retention =
    isReadonly && !settings.hasExplicitRetention
      ? recordedRetention(meta, settings.retention)
      : settings.retention;
  if (!isReadonly) recordRetention(meta, retention);
  const tiers = tierSpecs(retention);
  const ids = createMetricIds(db);
  const outbox = createOutbox(db, meta, settings.outbox, now);
  const state = createStateTable(db, now);
  const rollups = createRollups(db, meta, now, tiers[0]?.keepMs ?? 0);
  const retentionJob = createRetention(db, {
    meta,
    ids,
    tiers,
    now,
    enforceOutboxLimits: outbox.enforceLimits,
  });
  const writeCycle = createCycleWriter(db, { ids, meta, outbox, state, rollups });
  const tierContext = (): TierContext => ({
    now: now(),
    firstSampleTs: meta.get('first_sample_ts'),
    deletedBefore: Object.fromEntries(
      tiers.map(({ tier }) => [tier, meta.get(deletedBeforeKey(tier))]),
    ),
  });
  const reader = createHistoryReader(db, { ids, meta, tiers, context: tierContext });
  const exporter = createExporter({ path: settings.path, tiers, context: tierContext });

  let isClosed = false;
  const whenOpen =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      if (isClosed) throw new StoreError('E_STORE_CLOSED', 'store: used after close()');
      return fn(...args);
    };
  const whenWritable = <A extends unknown[], R>(fn: (...args: A) => R) =>
    whenOpen((...args: A): R => {
      if (isReadonly) throw new StoreError('E_STORE_READONLY', 'store: opened read-only');
      return fn(...args);
    });

  return {
    writeCycle: whenWritable(writeCycle),
    saveProcesses: whenWritable((snapshot) =>
      state.putJson('processes', toStateJson('processes', snapshot)),
    ),
    saveInventory: whenWritable((inventory) =>
      state.putJson('inventory', toStateJson('inventory', inventory)),
    ),
    latest: whenOpen(state.latest),
    rollUp: whenWritable(rollups.rollUp),
    applyRetention: whenWritable(retentionJob.apply),
    history: whenOpen(reader.history),
    recentValues: whenOpen(reader.recentValues),
    metricsInRange: whenOpen(reader.metricsInRange),
    exportLines: whenOpen(exporter.exportLines),
    outboxBatch: whenOpen(outbox.batch),
    acknowledge: whenWritable(outbox.acknowledge),
    outboxStatus: whenOpen(outbox.status),
    actions: guardActions(createActionTables(db), whenOpen, whenWritable),
    integrityCheck: whenOpen(() => {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.map((row) => row.integrity_check).join('\n');
    }),
    close() {
      if (isClosed) return;
      isClosed = true;
      exporter.closeAll();
      // Lets SQLite refresh the statistics its query planner uses, as it recommends on close.
      if (!isReadonly) db.pragma('optimize');
      db.close();
    },
  };
}

type Guard = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R;

/** The action tables behind the same closed/read-only checks as the rest of the store. */
function guardActions(tables: ActionTables, whenOpen: Guard, whenWritable: Guard): ActionTables {
  return {
    receive: whenWritable(tables.receive),
    get: whenOpen(tables.get),
    advance: whenWritable(tables.advance),
    queueUpdate: whenWritable(tables.queueUpdate),
    pendingUpdates: whenOpen(tables.pendingUpdates),
    confirmUpdates: whenWritable(tables.confirmUpdates),
    history: whenOpen(tables.history),
    inStates: whenOpen(tables.inStates),
    addToInbox: whenWritable(tables.addToInbox),
    inbox: whenOpen(tables.inbox),
    unreadCount: whenOpen(tables.unreadCount),
    markRead: whenWritable(tables.markRead),
    prune: whenWritable(tables.prune),
  };
}
