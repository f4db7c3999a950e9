import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { readActions } from './actions-routes.js';
import { securityHeaders } from './pages.js';
import { readStatus } from './status.js';
import type { LocalApiDeps } from './types.js';

const HEARTBEAT_MS = 15_000;

/**
 * Live updates as Server-Sent Events: one `status` event on connect and one per stored cycle;
 * where the agent takes actions, one `actions` event (ActionsState) on connect and one whenever
 * the inbox, the pending restart or the history changed; a comment line every ~15 s so idle
 * connections stay open. A client that goes away leaves no listener behind, and closing the app
 * ends every stream (so close() never waits on them).
 */
export function registerEventsRoute(app: FastifyInstance, deps: LocalApiDeps): void {
  const streams = new Set<ServerResponse>();
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS;

  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get('/api/events', (request, reply) => {
    const stream = reply.raw;
    reply.hijack();
    stream.writeHead(200, {
      ...securityHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    streams.add(stream);

    const event = (name: string, read: () => unknown) => (): void => {
      try {
        stream.write(`event: ${name}\ndata: ${JSON.stringify(read())}\n\n`);
      } catch (error) {
        deps.logger?.warn({ err: error }, 'dashboard: could not send a live update');
      }
    };
    const send = event('status', () => readStatus(deps));
    const sendActions = event('actions', () => readActions(deps.actions));
    const detach = deps.cycles.onCycle(send);
    const detachActions = deps.actions?.onChange(sendActions);
    const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();

    const cleanUp = (): void => {
      detach();
      detachActions?.();
      clearInterval(heartbeat);
      streams.delete(stream);
    };
    request.raw.on('close', cleanUp);
    stream.on('close', cleanUp);
    stream.on('error', cleanUp);
    send();
    if (deps.actions) sendActions();
  });
}
