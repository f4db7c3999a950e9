import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { guardedRoute } from '../auth/guarded-route.js';
import { principalOf } from '../auth/guards.js';
import type { LiveEvent, LiveHub } from './live-hub.js';

const HEARTBEAT_MS = 15_000;

/** The hub hands one event to every stream of the org: it is serialised once, not per stream. */
const frames = new WeakMap<LiveEvent, string>();
function frameOf(event: LiveEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/**
 * GET /api/v1/events (viewer+): server-sent events for the fleet page. `machines` carries the
 * summaries of the org's machines that changed, `removed` the ids of deleted ones, `actions`
 * the current state of the org's actions that changed; a comment
 * line every 15 s keeps proxies from closing an idle stream. Closing the app ends every
 * stream, so close() never waits on an open page.
 */
export function registerEventsRoute(app: FastifyInstance, hub: LiveHub): void {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    FLEET_API.events,
    guardedRoute('machines', 'viewer', {
      summary: 'Live changes of the fleet (text/event-stream: machines, removed, actions)',
    }),
    (request, reply) => {
      const { orgId } = principalOf(request);
      const stream = reply.raw;
      reply.hijack();
      stream.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Nginx and friends would otherwise hold events back in their buffers.
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 5000\n: connected\n\n');
      streams.add(stream);

      const unsubscribe = hub.subscribe(orgId, (event: LiveEvent) => stream.write(frameOf(event)));
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const cleanUp = (): void => {
        unsubscribe();
        clearInterval(heartbeat);
        streams.delete(stream);
      };
      request.raw.on('close', cleanUp);
      stream.on('close', cleanUp);
      stream.on('error', cleanUp);
    },
  );
}
