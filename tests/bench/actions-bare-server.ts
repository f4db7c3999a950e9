import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/agent-protocol.js';
import type { ServerFrame } from '../../src/shared/protocol/action-schemas.js';

/**
 * The baseline of `npm run bench:actions`: the least a Node WebSocket server can do to push an
 * action, in its own process like the real server. A bare `ws` server (no compression) keyed
 * by the Bearer header, and `POST /push` `{ target: { machineIds } | { all: true } }`, which
 * sends one `actions` frame per machine and answers with the ids, as the fleet API does. No
 * authentication, validation or storage: what the real server adds on top is what the
 * comparison shows. `updates` frames are answered with `stored`, like the real channel.
 */
const sockets = new Map<string, WebSocket>();
const channel = new WebSocketServer({ noServer: true, perMessageDeflate: false });

channel.on('connection', (socket: WebSocket, machineId: string) => {
  sockets.set(machineId, socket);
  socket.on('message', (data) => {
    try {
      const frame = JSON.parse(data.toString()) as { updates?: Array<{ seq: number }> };
      const stored: ServerFrame = {
        type: 'stored',
        protocolVersion: PROTOCOL_VERSION,
        seqs: (frame.updates ?? []).map((update) => update.seq),
      };
      socket.send(JSON.stringify(stored));
    } catch {
      // Not JSON: ignored, as the real server refuses it without answering.
    }
  });
  socket.on('close', () => {
    if (sockets.get(machineId) === socket) sockets.delete(machineId);
  });
});

type Target = { machineIds: string[] } | { all: true };

function push(target: Target, params: unknown): Array<{ id: string; machineId: string }> {
  const machineIds = 'all' in target ? [...sockets.keys()] : target.machineIds;
  const createdAt = Date.now();
  return machineIds.flatMap((machineId) => {
    const socket = sockets.get(machineId);
    if (!socket) return [];
    const id = randomUUID();
    const frame: ServerFrame = {
      type: 'actions',
      protocolVersion: PROTOCOL_VERSION,
      actions: [
        { id, type: 'message', params, createdAt, expiresAt: createdAt + 600_000, sentBy: 'bench' },
      ],
    };
    socket.send(JSON.stringify(frame));
    return [{ id, machineId }];
  });
}

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    try {
      const { target, params } = JSON.parse(body) as { target: Target; params: unknown };
      const actions = push(target, params);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ batchId: randomUUID(), actions }));
    } catch {
      response.writeHead(400).end();
    }
  });
});

server.on('upgrade', (request, socket, head) => {
  const machineId = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (machineId === undefined) {
    socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  channel.handleUpgrade(request, socket, head, (ws) => channel.emit('connection', ws, machineId));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});
process.on('SIGTERM', () => {
  for (const socket of sockets.values()) socket.terminate();
  server.close(() => process.exit(0));
});
