import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  ACTION_LIMITS,
  AGENT_API,
  ActionPollResponseSchema,
  ActionUpdatesRequestSchema,
  ActionUpdatesResponseSchema,
  PROTOCOL_VERSION,
} from '../../src/shared/protocol/index.js';
import type { ActionPollResponse, ActionUpdate } from '../../src/shared/protocol/index.js';
import { NoContentSchema } from '../auth/auth-schemas.js';
import type { ServerContext } from '../context.js';
import { AGENT_SECURITY } from '../docs/openapi-document.js';
import { ApiError } from '../http/api-error.js';
import { ActionParamsSchema, PollQuerySchema } from './action-schemas.js';
import type { PendingForMachine } from './action-store.js';
import { pendingForMachine } from './action-store.js';
import type { AgentChannels } from './agent-channel.js';
import { pollAnswer } from './agent-frames.js';
import type { ActionAgent } from './agent-identity.js';
import { agentOf, checkProtocolVersion } from './agent-identity.js';
import type { UpdatesApplied } from './apply-updates.js';
import { storeArtifact } from './artifacts.js';
import type { PollWaiters } from './poll-waiters.js';

export interface AgentActionRouteDeps {
  /** Sets request.agentIdentity from the bearer token, or answers 401 before anything else. */
  authenticate: onRequestHookHandler;
  channels: AgentChannels;
  polls: PollWaiters;
  applyUpdates(agent: ActionAgent, updates: readonly ActionUpdate[]): Promise<UpdatesApplied>;
  onArtifactStored(orgId: string, actionId: string): void;
}

const SECOND_MS = 1000;
const NOTHING_PENDING: PendingForMachine = { actions: [], queuedIds: new Set(), cancelled: [] };
const ARTIFACT_TYPE = 'application/gzip';

/**
 * The agent's side of actions (design §3): the live channel (WebSocket), its HTTP fallback
 * (long-poll and posted updates) and the upload of a collect-logs bundle. Every route checks
 * the agent token before anything else; the browser security headers are off, as on reports.
 */
export async function registerAgentActionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  deps: AgentActionRouteDeps,
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { authenticate } = deps;

  app.route({
    method: 'GET',
    url: AGENT_API.channel,
    helmet: false,
    onRequest: authenticate,
    schema: {
      tags: ['agent'],
      summary: 'The live channel: a WebSocket (JSON text frames, no compression)',
      description:
        'Server → agent: `actions`, `cancel`, `stored` frames; agent → server: `updates`. ' +
        'The server pings every 25 s. Close codes: 1001 server stopping, 1008 bad frame, ' +
        '4000 replaced by a newer connection, 4001 agent token revoked.',
      security: AGENT_SECURITY,
    },
    // Without the upgrade: say what is expected.
    handler: async (_request, reply) => {
      reply.header('upgrade', 'websocket');
      throw new ApiError('E_UPGRADE_REQUIRED', 'this is a WebSocket endpoint: send an upgrade');
    },
    wsHandler: (socket, request) => {
      const agent = request.agentIdentity;
      if (!agent) {
        socket.close(1008, 'no agent identity');
        return;
      }
      deps.channels.accept(socket, agent);
    },
  });

  api.get(
    AGENT_API.actions,
    {
      helmet: false,
      onRequest: authenticate,
      schema: {
        tags: ['agent'],
        summary: 'Long-poll for actions (the fallback when a WebSocket cannot be held)',
        description:
          'Answers at once when an action waits that the agent has not acknowledged, else ' +
          'holds up to `wait` seconds until one arrives or a cancel comes. Delivered actions ' +
          'not yet running are sent again; cancels of received actions come with every answer. ' +
          'An answer carries at most 512 KiB of JSON (unacknowledged actions first); the rest ' +
          'comes with the next polls, which answer at once while any remains.',
        security: AGENT_SECURITY,
        querystring: PollQuerySchema,
        response: { 200: ActionPollResponseSchema },
      },
    },
    async (request): Promise<ActionPollResponse> => {
      const { machineId } = agentOf(request);
      const waitMs = (request.query.wait ?? 0) * SECOND_MS;
      // Waiting starts before the read, so an action created during it wakes this poll.
      const wait = waitMs > 0 ? deps.polls.wait(machineId, waitMs) : null;
      const pending = await pendingForMachine(ctx.db, machineId, ctx.now());
      if (!wait || pending.queuedIds.size > 0) {
        wait?.cancel();
        return pollAnswer(pending);
      }
      const why = await wait.done;
      // Revoked while held (deleted, enrolled again: that wakes the poll too): nothing more
      // goes to this token.
      agentOf(request);
      if (why === 'closing') return pollAnswer(NOTHING_PENDING);
      const latest = await pendingForMachine(ctx.db, machineId, ctx.now());
      return pollAnswer(
        why === 'woken' ? latest : { ...NOTHING_PENDING, cancelled: latest.cancelled },
      );
    },
  );

  api.post(
    AGENT_API.actionUpdates,
    {
      helmet: false,
      onRequest: authenticate,
      schema: {
        tags: ['agent'],
        summary: 'Report action progress and results (idempotent by seq)',
        security: AGENT_SECURITY,
        body: ActionUpdatesRequestSchema,
        response: { 200: ActionUpdatesResponseSchema },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      checkProtocolVersion(request.body.protocolVersion);
      const applied = await deps.applyUpdates(agent, request.body.updates);
      return { protocolVersion: PROTOCOL_VERSION, stored: applied.stored };
    },
  );

  // Its own scope: the gzip body parser exists for this route only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ARTIFACT_TYPE,
      { parseAs: 'buffer', bodyLimit: ACTION_LIMITS.maxArtifactBytes },
      (_request, body, done) => done(null, body),
    );
    scope.withTypeProvider<TypeBoxTypeProvider>().put(
      AGENT_API.actionArtifact('__id__').replace('__id__', ':id'),
      {
        helmet: false,
        bodyLimit: ACTION_LIMITS.maxArtifactBytes,
        onRequest: authenticate,
        // Refused before the body is read, closing the connection (as a refused token is).
        preParsing: async (request, reply, payload) => {
          const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
          const length = Number(request.headers['content-length'] ?? 0);
          if (type !== ARTIFACT_TYPE) {
            reply.header('connection', 'close');
            throw new ApiError('E_UNSUPPORTED_MEDIA_TYPE', `send the bundle as ${ARTIFACT_TYPE}`);
          }
          if (length > ACTION_LIMITS.maxArtifactBytes) {
            reply.header('connection', 'close');
            throw new ApiError(
              'E_BODY_TOO_LARGE',
              `a bundle may be at most ${ACTION_LIMITS.maxArtifactBytes} bytes`,
            );
          }
          return payload;
        },
        schema: {
          tags: ['agent'],
          summary: 'Upload the bundle of a collect-logs action (application/gzip, at most 5 MiB)',
          description:
            'Taken until the action finishes (a later upload replaces the earlier); ' +
            '409 E_ACTION_FINISHED once it has succeeded, failed, expired or been cancelled.',
          security: AGENT_SECURITY,
          params: ActionParamsSchema,
          response: { 204: NoContentSchema },
        },
      },
      async (request, reply) => {
        const agent = agentOf(request);
        const data = request.body as unknown;
        if (!Buffer.isBuffer(data)) {
          throw new ApiError('E_UNSUPPORTED_MEDIA_TYPE', `send the bundle as ${ARTIFACT_TYPE}`);
        }
        const { orgId } = await storeArtifact(ctx.db, {
          machineId: agent.machineId,
          actionId: request.params.id,
          data,
          now: ctx.now(),
        });
        ctx.log.info(
          { machineId: agent.machineId, actionId: request.params.id, bytes: data.length },
          'actions: logs bundle stored',
        );
        deps.onArtifactStored(orgId, request.params.id);
        return reply.code(204).send(null);
      },
    );
  });
}
