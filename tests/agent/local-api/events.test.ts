import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../../src/shared/local-api.js';
import { apiFixture, login } from './local-api-fixture.js';
import { listen } from './http.js';

/** Follows an event stream over real HTTP, keeping what arrived. */
function follow(port: number, cookie: string) {
  const received: string[] = [];
  const waiters: Array<() => void> = [];
  let response: IncomingMessage | undefined;
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/api/events',
    headers: { host: `127.0.0.1:${port}`, cookie },
  });
  const opened = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      response = res;
      let buffered = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const blocks = buffered.split('\n\n');
        buffered = blocks.pop() ?? '';
        received.push(...blocks);
        for (const wake of waiters.splice(0)) wake();
      });
      resolve(res);
    });
    req.on('error', reject);
  });
  req.end();
  const statusEvents = () =>
    received
      .filter((block) => block.startsWith('event: status\n'))
      .map((block) => JSON.parse(block.split('\ndata: ')[1] ?? '') as StatusResponse);
  const until = (predicate: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (predicate() ? resolve() : waiters.push(check));
      check();
    });
  const ended = () =>
    new Promise<void>((resolve) => {
      if (response?.complete) return resolve();
      response?.on('end', resolve);
      response?.on('close', resolve);
    });
  return { opened, received, statusEvents, until, ended, close: () => req.destroy() };
}

const waitFor = async (predicate: () => boolean) => {
  for (let i = 0; i < 200 && !predicate(); i += 1) await new Promise((r) => setTimeout(r, 10));
  return predicate();
};

describe('live updates (Server-Sent Events)', () => {
  const openApi = apiFixture();

  it('sends the status on connect and again after each stored cycle', async () => {
    const { app, agent } = await openApi();
    const port = await listen(app);
    const stream = follow(port, await login(app));

    const response = await stream.opened;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await stream.until(() => stream.statusEvents().length === 1);
    expect(stream.statusEvents()[0]?.sample).toBeNull();

    const cycle = await agent.cycle();
    await stream.until(() => stream.statusEvents().length === 2);
    expect(stream.statusEvents()[1]?.sample).toEqual(cycle.sample);
    expect(stream.statusEvents()[1]?.health).toEqual(cycle.health);
    stream.close();
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const { app } = await openApi({ heartbeatMs: 20 });
    const port = await listen(app);
    const stream = follow(port, await login(app));
    await stream.until(() => stream.received.filter((b) => b === ': heartbeat').length >= 2);
    stream.close();
  });

  it('removes its listener when the client goes away', async () => {
    const { app, agent } = await openApi();
    const port = await listen(app);
    const cookie = await login(app);
    const streams = [follow(port, cookie), follow(port, cookie)];
    await Promise.all(streams.map((s) => s.until(() => s.statusEvents().length === 1)));
    expect(agent.cycleListenerCount()).toBe(2);

    for (const stream of streams) stream.close();

    expect(await waitFor(() => agent.cycleListenerCount() === 0)).toBe(true);
    // A cycle after the clients left writes to nobody and breaks nothing.
    await agent.cycle();
  });

  it('closing the app ends open streams instead of waiting on them', async () => {
    const { app, agent } = await openApi();
    const port = await listen(app);
    const stream = follow(port, await login(app));
    await stream.until(() => stream.statusEvents().length === 1);

    await app.close();

    await stream.ended();
    expect(agent.cycleListenerCount()).toBe(0);
  });

  it('refuses a stream without the cookie', async () => {
    const { app } = await openApi();
    const response = await app.inject({ url: '/api/events' });
    expect(response.statusCode).toBe(401);
  });
});
