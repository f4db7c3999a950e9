import type { FastifyInstance } from 'fastify';
import { actionViewsByIds } from './actions/action-store.js';
import { registerActions } from './actions/register-actions.js';
import { authenticateAgent, registerAgentRoutes } from './agent/agent-routes.js';
import { createAgentTokenCache } from './agent/agent-token-cache.js';
import { createIngestQueue } from './agent/ingest/ingest-queue.js';
import { startMinuteRetention } from './agent/ingest/minute-retention.js';
import type { ServerContext } from './context.js';
import { registerEnrollmentRoutes } from './enrollment/enrollment-routes.js';
import { registerEventsRoute } from './live/events-route.js';
import { createLiveHub } from './live/live-hub.js';
import { createStatusSweep } from './live/status-sweep.js';
import { statusThresholds } from './machines/machine-status.js';
import { machineRowsByIds } from './machines/machine-store.js';
import { toMachineSummary } from './machines/machine-summary.js';
import { registerMachineRoutes } from './machines/machine-routes.js';

/** How often the live stream sends what piled up and looks for status changes. */
const LIVE_TICK_MS = 1_000;

export interface FleetDataOptions {
  /** Heartbeat period of the agents' live channel (default ACTION_LIMITS.heartbeatSeconds). */
  heartbeatMs?: number;
}

/**
 * Everything about machines and what they report: enrolment tokens, the agent protocol
 * (enrol, reports with group commit), the machines API, actions and the agents' live channel,
 * the live stream and the hourly retention. Owns its timers and stops them when the app
 * closes, after the last reports waiting in the queue have been written.
 */
export async function registerFleetData(
  app: FastifyInstance,
  ctx: ServerContext,
  options: FleetDataOptions = {},
): Promise<void> {
  const thresholds = () => statusThresholds(ctx.config);
  const hub = createLiveHub({
    loadSummaries: async (orgId, ids) => {
      const rows = await machineRowsByIds(ctx.db, orgId, ids);
      const now = ctx.now();
      const limits = thresholds();
      return rows.map((row) => toMachineSummary(row, now, limits));
    },
    loadActions: (orgId, ids) => actionViewsByIds(ctx.db, orgId, ids),
    sweep: createStatusSweep(ctx.db, ctx.now, thresholds),
    onError: (error) => ctx.log.error({ err: error }, 'live: could not send an update'),
  });
  const tokens = createAgentTokenCache({ db: ctx.db, now: ctx.now });
  const ingest = createIngestQueue({
    db: ctx.db,
    now: ctx.now,
    log: ctx.log,
    onCommitted: (changes) => {
      for (const change of changes) hub.changed(change.orgId, [change.machineId]);
    },
  });
  const actions = await registerActions(app, ctx, {
    authenticateAgent: authenticateAgent(tokens),
    hub,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  /** Inside the transaction that revokes a machine's tokens or deletes it. */
  const forgetMachine = (machineId: string): void => {
    tokens.evictMachine(machineId);
    ingest.forgetMachine(machineId);
    actions.forgetMachine(machineId);
  };

  registerEnrollmentRoutes(app, ctx);
  registerAgentRoutes(app, ctx, {
    tokens,
    ingest,
    onMachineReset: forgetMachine,
    onMachineEnrolled: (orgId, machineId) => hub.changed(orgId, [machineId]),
  });
  registerMachineRoutes(app, ctx, {
    onMachineDeleting: forgetMachine,
    onMachineDeleted: (orgId, machineId) => hub.removed(orgId, [machineId]),
    onTagsChanged: (orgId, machineId) => hub.changed(orgId, [machineId]),
  });
  registerEventsRoute(app, hub);

  const liveTimer = setInterval(() => void hub.tick(), LIVE_TICK_MS);
  liveTimer.unref();
  let retention: { stop(): Promise<void> } | null = null;
  app.addHook('onReady', async () => {
    retention = startMinuteRetention(ctx.db, ctx.now, ctx.log);
  });
  app.addHook('onClose', async () => {
    clearInterval(liveTimer);
    await retention?.stop();
    await ingest.close();
  });
}
