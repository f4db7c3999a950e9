import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { makeHealth, makeSample } from '../helpers/sample-factory.js';

/**
 * One load-generating process of `npm run bench:server`. In `hello` mode it fires GETs at the
 * baseline server; in `agents` mode it first enrols its share of simulated machines with a
 * real enrolment token, then has them report (one sample per report, seq counting up) as fast
 * as its connections allow. It answers the parent over IPC: `ready` after enrolling, then the
 * count and latencies when the time is up.
 */
export type WorkerCommand =
  | { kind: 'hello'; url: string; connections: number; durationMs: number }
  | {
      kind: 'agents';
      url: string;
      connections: number;
      durationMs: number;
      enrollmentToken: string;
      machines: number;
      idPrefix: string;
    };

export interface WorkerResult {
  requests: number;
  errors: number;
  /** Every latency, ms. */
  latencies: number[];
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  body: string;
}

function send(url: string, method: string, body?: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (token) headers['authorization'] = `Bearer ${token}`;
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function enrol(command: Extract<WorkerCommand, { kind: 'agents' }>): Promise<string[]> {
  const tokens: string[] = [];
  const next = { index: 0 };
  const one = async (): Promise<void> => {
    while (next.index < command.machines) {
      const i = next.index++;
      const answer = await send(
        `${command.url}/api/v1/agent/enroll`,
        'POST',
        JSON.stringify({
          protocolVersion: 1,
          enrollmentToken: command.enrollmentToken,
          hardwareId: `${command.idPrefix}-${i}`,
          hostname: `bench-${command.idPrefix}-${i}`,
          os: { platform: 'linux', distro: 'Debian', release: '12', arch: 'x64' },
          agentVersion: '0.1.0',
        }),
      );
      if (answer.status !== 200) throw new Error(`enrol: HTTP ${answer.status} ${answer.body}`);
      tokens.push((JSON.parse(answer.body) as { agentToken: string }).agentToken);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, command.connections) }, one));
  return tokens;
}

async function drive(
  durationMs: number,
  connections: number,
  fire: () => Promise<boolean>,
): Promise<WorkerResult> {
  const result: WorkerResult = { requests: 0, errors: 0, latencies: [] };
  const deadline = performance.now() + durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const ok = await fire().catch(() => false);
      result.latencies.push(performance.now() - started);
      if (ok) result.requests += 1;
      else result.errors += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return result;
}

async function run(command: WorkerCommand): Promise<WorkerResult> {
  if (command.kind === 'hello') {
    await new Promise((go) => process.once('message', go));
    return drive(command.durationMs, command.connections, async () => {
      const answer = await send(command.url, 'GET');
      return answer.status === 200;
    });
  }
  const tokens = await enrol(command);
  process.send?.({ kind: 'ready' });
  await new Promise((go) => process.once('message', go));
  const seqs = tokens.map(() => 0);
  let turn = 0;
  const baseTs = Date.now();
  const bodyFor = reportBodies(baseTs);
  return drive(command.durationMs, command.connections, async () => {
    const machine = turn++ % tokens.length;
    const seq = (seqs[machine] = (seqs[machine] ?? 0) + 1);
    const body = bodyFor(seq, baseTs + seq * 10_000);
    const answer = await send(`${command.url}/api/v1/agent/reports`, 'POST', body, tokens[machine]);
    return answer.status === 200;
  });
}

/**
 * Report bodies cheaply: the load processes share the two cores with the server, so what they
 * spend per request is taken from it (the hello-world baseline's requests cost them nothing).
 * Samples are generated once, as JSON with a hole where seq and ts go, and only those two
 * numbers change per request: every report is still a distinct, realistic sample for the server.
 */
function reportBodies(baseTs: number): (seq: number, ts: number) => string {
  const VARIANTS = 64;
  const health = JSON.stringify(makeHealth(baseTs));
  const templates = Array.from({ length: VARIANTS }, (_, i) => {
    const ts = baseTs + i * 10_000;
    const json = JSON.stringify({
      protocolVersion: 1,
      samples: [{ seq: 0, sample: makeSample(ts) }],
      health: 'HEALTH',
    }).replace('"HEALTH"', health);
    const [head = '', rest = ''] = json.split('"seq":0,');
    const [middle = '', tail = ''] = rest.split(`"ts":${ts}`);
    return { head, middle, tail };
  });
  return (seq, ts) => {
    const { head, middle, tail } = templates[seq % VARIANTS] ?? templates[0]!;
    return `${head}"seq":${seq},${middle}"ts":${ts}${tail}`;
  };
}

process.once('message', (command: WorkerCommand) => {
  run(command).then(
    (result) => process.send?.({ kind: 'done', result }, () => process.exit(0)),
    (error: unknown) => {
      process.send?.({ kind: 'failed', message: (error as Error).message }, () => process.exit(1));
    },
  );
});
