import websocket from '@fastify/websocket';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ActionView } from '../../src/shared/actions-api.js';
import { ACTION_LIMITS, CHANNEL_CLOSE_CODES } from '../../src/shared/protocol/index.js';
import type { ActionEnvelope, ActionUpdate } from '../../src/shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import type { LiveHub } from '../live/live-hub.js';
import { registerActionRoutes } from './action-routes.js';
import type { InsertedAction } from './action-store.js';
import { pendingForMachine } from './action-store.js';
import { registerAgentActionRoutes } from './agent-action-routes.js';
import type { AgentChannels } from './agent-channel.js';
import type { ActionAgent } from './agent-identity.js';
import { createAgentChannels } from './agent-channel.js';
import { actionsFrames, cancelFrames, openingFrames, storedFrame } from './agent-frames.js';
import { applyActionUpdates } from './apply-updates.js';
import type { ExpirySweep } from './expiry-sweep.js';
import { startExpirySweep } from './expiry-sweep.js';
import { createPollWaiters } from './poll-waiters.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The actions feature's handles: channels, the expiry sweep (operations and tests). */
    actionsService: ActionsService;
  }
}

/** Largest frame an agent may send on the live channel. */
export const CHANNEL_MAX_PAYLOAD = ACTION_LIMITS.maxChannelFrameBytes;
const EXPIRY_SWEEP_MS = 5_000;

export interface ActionsOptions {
  /** The agent routes' authentication (sets request.agentIdentity or answers 401). */
  authenticateAgent: onRequestHookHandler;
  hub: LiveHub;
  /** Heartbeat period of the live channel; ACTION_LIMITS.heartbeatSeconds by default. */
  heartbeatMs?: number;
  /** How often expired actions are looked for; 5 s by default. */
  expirySweepMs?: number;
}

export interface ActionsService {
  /** The machine was deleted or enrolled again (inside that transaction): close its channel. */
  forgetMachine(machineId: string): void;
  readonly channels: AgentChannels;
  /** Long-polls being held right now. */
  readonly heldPolls: number;
  /** Runs the expiry sweep now. */
  sweepExpired(): Promise<void>;
}

function byMachine(actions: readonly InsertedAction[]): Map<string, ActionEnvelope[]> {
  const grouped = new Map<string, ActionEnvelope[]>();
  for (const { view, envelope } of actions) {
    const list = grouped.get(view.machineId);
    if (list) list.push(envelope);
    else grouped.set(view.machineId, [envelope]);
  }
  return grouped;
}

/**
 * Actions end to end on the server (design §3, §5): the fleet API, the agents' live channel
 * and its HTTP fallback, the expiry sweep, and the live stream's `actions` events. Owns its
 * timers and sockets: app.close() answers held polls, closes every channel with 1001 and
 * waits for a running sweep. Everything queued is in the database, so a restart loses nothing.
 */
export async function registerActions(
  app: FastifyInstance,
  ctx: ServerContext,
  options: ActionsOptions,
): Promise<ActionsService> {
  const { hub } = options;
  const polls = createPollWaiters();

  async function applyUpdates(agent: ActionAgent, updates: readonly ActionUpdate[]) {
    const applied = await applyActionUpdates(ctx.db, agent.machineId, updates, ctx.now());
    if (applied.changed.length > 0) hub.actionsChanged(agent.orgId, applied.changed);
    return applied;
  }

  const channels = createAgentChannels({
    log: ctx.log,
    heartbeatMs: options.heartbeatMs ?? ACTION_LIMITS.heartbeatSeconds * 1000,
    onOpen: async (agent) =>
      openingFrames(await pendingForMachine(ctx.db, agent.machineId, ctx.now())),
    onUpdates: async (agent, updates) => {
      const applied = await applyUpdates(agent, updates);
      return [storedFrame(applied.stored), ...cancelFrames(applied.cancelNeeded)];
    },
  });

  await app.register(websocket, {
    // Compression off: ~8 KB per idle connection instead of ~230 KB (design §11).
    options: { perMessageDeflate: false, maxPayload: CHANNEL_MAX_PAYLOAD },
    preClose: async () => {
      polls.closeAll();
      await channels.close();
      await new Promise<void>((resolve) => app.websocketServer.close(() => resolve()));
    },
  });

  registerActionRoutes(app, ctx, {
    onCreated(orgId, actions) {
      for (const [machineId, envelopes] of byMachine(actions)) {
        for (const frame of actionsFrames(envelopes)) channels.send(machineId, frame);
        polls.wake(machineId);
      }
      hub.actionsChanged(
        orgId,
        actions.map((a) => a.view.id),
      );
    },
    onCancelled(orgId, action: ActionView) {
      for (const frame of cancelFrames([action.id])) channels.send(action.machineId, frame);
      polls.wake(action.machineId);
      hub.actionsChanged(orgId, [action.id]);
    },
  });
  await registerAgentActionRoutes(app, ctx, {
    authenticate: options.authenticateAgent,
    channels,
    polls,
    applyUpdates,
    onArtifactStored: (orgId, actionId) => hub.actionsChanged(orgId, [actionId]),
  });

  let sweep: ExpirySweep | null = null;
  app.addHook('onReady', async () => {
    sweep = startExpirySweep({
      db: ctx.db,
      now: ctx.now,
      log: ctx.log,
      intervalMs: options.expirySweepMs ?? EXPIRY_SWEEP_MS,
      onExpired: (expired) => {
        for (const { orgId, id } of expired) hub.actionsChanged(orgId, [id]);
      },
    });
    channels.start();
  });
  app.addHook('onClose', async () => {
    await sweep?.stop();
  });

  const service: ActionsService = {
    forgetMachine(machineId) {
      channels.disconnect(machineId, CHANNEL_CLOSE_CODES.revoked, 'agent token revoked');
      polls.wake(machineId);
    },
    channels,
    get heldPolls() {
      return polls.size;
    },
    sweepExpired: async () => sweep?.run(),
  };
  app.decorate('actionsService', service);
  return service;
}
