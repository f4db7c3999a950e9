import { createServer } from 'node:http';

/**
 * The baseline of `npm run bench:server`: the least a Node HTTP server can do per request,
 * on the same machine, in its own process like the real server.
 */
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('hello');
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
