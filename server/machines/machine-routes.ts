import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { NoContentSchema } from '../auth/auth-schemas.js';
import { guardedRoute } from '../auth/guarded-route.js';
import { principalOf } from '../auth/guards.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { checkHistoryQuery, readMachineHistory } from './machine-history.js';
import {
  HistoryQuerySchema,
  HistoryResultSchema,
  MachineDetailSchema,
  MachineListSchema,
  MachineParamsSchema,
  MachineSummarySchema,
  PutTagsRequestSchema,
} from './machine-schemas.js';
import {
  deleteMachine,
  findMachineRow,
  listMachineRows,
  readMachineDetail,
  updateMachineTags,
} from './machine-store.js';
import { statusThresholds } from './machine-status.js';
import { toMachineSummary } from './machine-summary.js';
import { parseTags } from './tags.js';

export interface MachineRouteDeps {
  /** Inside the deletion's transaction: forget the machine's tokens and high-water mark. */
  onMachineDeleting(machineId: string): void;
  /** After commit. */
  onMachineDeleted(orgId: string, machineId: string): void;
  onTagsChanged(orgId: string, machineId: string): void;
}

/** The fleet's machines: viewer+ reads, operator+ changes; everything scoped to the asker's org. */
export function registerMachineRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  deps: MachineRouteDeps,
): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const thresholds = () => statusThresholds(ctx.config);

  api.get(
    FLEET_API.machines,
    guardedRoute('machines', 'viewer', {
      summary: 'Every machine of the org, with its status',
      response: { 200: MachineListSchema },
    }),
    async (request) => {
      const { orgId } = principalOf(request);
      const rows = await listMachineRows(ctx.db, orgId);
      const now = ctx.now();
      const limits = thresholds();
      return {
        machines: rows.map((row) => toMachineSummary(row, now, limits)),
        thresholds: limits,
        serverTime: now,
      };
    },
  );

  api.get(
    `${FLEET_API.machines}/:id`,
    guardedRoute('machines', 'viewer', {
      summary: 'One machine: summary, health, inventory and latest sample',
      params: MachineParamsSchema,
      response: { 200: MachineDetailSchema },
    }),
    async (request) =>
      readMachineDetail(
        ctx.db,
        principalOf(request).orgId,
        request.params.id,
        ctx.now(),
        thresholds(),
      ),
  );

  api.get(
    `${FLEET_API.machines}/:id/history`,
    guardedRoute('machines', 'viewer', {
      summary: 'History of some series of a machine, from its minute aggregates',
      params: MachineParamsSchema,
      querystring: HistoryQuerySchema,
      response: { 200: HistoryResultSchema },
    }),
    async (request) => {
      const { orgId } = principalOf(request);
      const machine = await findMachineRow(ctx.db, orgId, request.params.id);
      const query = checkHistoryQuery(request.query, ctx.now());
      return readMachineHistory(ctx.db, machine.id, query);
    },
  );

  api.put(
    `${FLEET_API.machines}/:id/tags`,
    guardedRoute('machines', 'operator', {
      summary: 'Replace the tags of a machine',
      params: MachineParamsSchema,
      body: PutTagsRequestSchema,
      response: { 200: MachineSummarySchema },
    }),
    async (request) => {
      const { orgId } = principalOf(request);
      const tags = parseTags(request.body.tags);
      if (!tags.ok) throw new ApiError('E_BAD_REQUEST', tags.error);
      await updateMachineTags(ctx.db, orgId, request.params.id, tags.value);
      deps.onTagsChanged(orgId, request.params.id);
      const row = await findMachineRow(ctx.db, orgId, request.params.id);
      return toMachineSummary(row, ctx.now(), thresholds());
    },
  );

  api.delete(
    `${FLEET_API.machines}/:id`,
    guardedRoute('machines', 'operator', {
      summary: 'Forget a machine: its history here and its agent token',
      params: MachineParamsSchema,
      response: { 204: NoContentSchema },
    }),
    async (request, reply) => {
      const { orgId } = principalOf(request);
      const id = request.params.id;
      await deleteMachine(ctx.db, orgId, id, () => deps.onMachineDeleting(id));
      ctx.log.info({ machineId: id }, 'machines: machine deleted');
      deps.onMachineDeleted(orgId, id);
      return reply.code(204).send(null);
    },
  );
}
