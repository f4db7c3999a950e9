import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ActionView, CreatedActions } from '../../src/shared/actions-api.js';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { guardedRoute } from '../auth/guarded-route.js';
import { principalOf } from '../auth/guards.js';
import type { ServerContext } from '../context.js';
import type { CreatedBatch } from './action-commands.js';
import { cancelAction, createActions, retryAction } from './action-commands.js';
import {
  ActionDetailSchema,
  ActionListQuerySchema,
  ActionListSchema,
  ActionParamsSchema,
  ActionViewSchema,
  AuditListSchema,
  AuditQuerySchema,
  CreateActionRequestSchema,
  CreatedActionsSchema,
  PAGE_LIMITS,
} from './action-schemas.js';
import type { InsertedAction } from './action-store.js';
import { actionEvents, findActionRow, listActions } from './action-store.js';
import { toActionView } from './action-rows.js';
import { readArtifact } from './artifacts.js';
import { actorOf, listAudit } from './audit-log.js';

/**
 * Largest create request: 10,000 machine ids of ~40 bytes each fit, a megabyte does not
 * (413 E_BODY_TOO_LARGE).
 */
export const CREATE_BODY_LIMIT = 512 * 1024;

export interface ActionRouteDeps {
  /** After commit: push to connected agents, wake polls, tell the live stream. */
  onCreated(orgId: string, actions: readonly InsertedAction[]): void;
  onCancelled(orgId: string, action: ActionView): void;
}

/** `/api/v1/actions/:id/...` from a FLEET_API path function. */
const withIdParam = (path: (id: string) => string): string =>
  path('__id__').replace('__id__', ':id');

/**
 * The fleet API for actions (design §5): operators send, cancel and retry; viewers read;
 * admins read the audit log. Everything is scoped to the asker's org (another org's action
 * is 404), and every change is written with its audit entry in one transaction.
 */
export function registerActionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  deps: ActionRouteDeps,
): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    FLEET_API.actions,
    {
      ...guardedRoute('actions', 'operator', {
        summary: 'Send an action to machines (by ids, a tag, or the whole org)',
        body: CreateActionRequestSchema,
        response: { 201: CreatedActionsSchema },
      }),
      bodyLimit: CREATE_BODY_LIMIT,
    },
    async (request, reply): Promise<CreatedActions> => {
      const principal = principalOf(request);
      const actor = await actorOf(ctx.db, principal, request.ip);
      const batch: CreatedBatch = await createActions(
        ctx.db,
        principal.orgId,
        actor,
        request.body,
        ctx.now(),
      );
      ctx.log.info(
        { batchId: batch.batchId, type: request.body.type, machines: batch.actions.length },
        'actions: queued',
      );
      deps.onCreated(principal.orgId, batch.actions);
      reply.code(201);
      return { batchId: batch.batchId, actions: batch.actions.map((a) => a.view) };
    },
  );

  api.get(
    FLEET_API.actions,
    guardedRoute('actions', 'viewer', {
      summary: 'Actions of the org, newest first',
      querystring: ActionListQuerySchema,
      response: { 200: ActionListSchema },
    }),
    async (request) => {
      const { orgId } = principalOf(request);
      const { limit, ...filter } = request.query;
      return listActions(ctx.db, orgId, { ...filter, limit: limit ?? PAGE_LIMITS.default });
    },
  );

  api.get(
    withIdParam(FLEET_API.action),
    guardedRoute('actions', 'viewer', {
      summary: 'One action with its history',
      params: ActionParamsSchema,
      response: { 200: ActionDetailSchema },
    }),
    async (request) => {
      const { orgId } = principalOf(request);
      const row = await findActionRow(ctx.db, orgId, request.params.id);
      return { ...toActionView(row), events: await actionEvents(ctx.db, row.id) };
    },
  );

  api.post(
    withIdParam(FLEET_API.actionCancel),
    guardedRoute('actions', 'operator', {
      summary: 'Cancel an action that has not finished',
      params: ActionParamsSchema,
      response: { 200: ActionViewSchema },
    }),
    async (request) => {
      const principal = principalOf(request);
      const actor = await actorOf(ctx.db, principal, request.ip);
      const view = await cancelAction(ctx.db, principal.orgId, request.params.id, actor, ctx.now());
      ctx.log.info({ actionId: view.id, machineId: view.machineId }, 'actions: cancelled');
      deps.onCancelled(principal.orgId, view);
      return view;
    },
  );

  api.post(
    withIdParam(FLEET_API.actionRetry),
    guardedRoute('actions', 'operator', {
      summary: 'Send a failed or expired action again',
      params: ActionParamsSchema,
      response: { 201: ActionViewSchema },
    }),
    async (request, reply) => {
      const principal = principalOf(request);
      const actor = await actorOf(ctx.db, principal, request.ip);
      const created = await retryAction(
        ctx.db,
        principal.orgId,
        request.params.id,
        actor,
        ctx.now(),
      );
      ctx.log.info({ actionId: created.view.id, retryOf: request.params.id }, 'actions: retried');
      deps.onCreated(principal.orgId, [created]);
      reply.code(201);
      return created.view;
    },
  );

  api.get(
    withIdParam(FLEET_API.actionArtifact),
    guardedRoute('actions', 'operator', {
      summary: 'Download the logs a collect-logs action gathered (application/gzip)',
      params: ActionParamsSchema,
    }),
    async (request, reply) => {
      const { orgId } = principalOf(request);
      const artifact = await readArtifact(ctx.db, orgId, request.params.id);
      return reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${artifact.fileName}"`)
        .header('cache-control', 'no-store')
        .send(artifact.data);
    },
  );

  api.get(
    FLEET_API.audit,
    guardedRoute('actions', 'admin', {
      summary: 'Who sent, cancelled or retried which actions, newest first',
      querystring: AuditQuerySchema,
      response: { 200: AuditListSchema },
    }),
    async (request) => {
      const { orgId } = principalOf(request);
      return listAudit(ctx.db, orgId, {
        limit: request.query.limit ?? PAGE_LIMITS.default,
        before: request.query.before,
      });
    },
  );
}
