import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serverCliJson, startServerProcess } from '../helpers/server-process.js';
import type { WorkerCommand, WorkerResult } from './server-load-worker.js';

/**
 * `npm run bench:server`: the real companion server (its CLI, its SQLite file) under simulated
 * agents in separate processes that enrol with a real token and report over HTTP, next to a
 * bare node:http hello-world measured the same way in the same run. Loopback only, bounded in
 * machines and seconds, stops by itself.
 */
const WORKER = join(import.meta.dirname, 'server-load-worker.js');
const HELLO = join(import.meta.dirname, 'hello-server.js');

const WORKERS = 2;
const CONNECTIONS_PER_WORKER = 32;
const DURATION_MS = Number(process.env['BENCH_SECONDS'] ?? 10) * 1000;
const MACHINES = Number(process.env['BENCH_MACHINES'] ?? 5000);

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface Load {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/** Starts the workers, waits until all are ready, runs them together, merges their figures. */
async function runLoad(commands: WorkerCommand[]): Promise<Load> {
  const workers = commands.map((command) => {
    const child = fork(WORKER, [], { stdio: 'inherit' });
    const ready = new Promise<void>((done, fail) => {
      if (command.kind === 'hello') done();
      child.on('message', (message: { kind: string; message?: string }) => {
        if (message.kind === 'ready') done();
        if (message.kind === 'failed') fail(new Error(message.message));
      });
    });
    const finished = new Promise<WorkerResult>((done, fail) => {
      child.on('message', (message: { kind: string; result?: WorkerResult; message?: string }) => {
        if (message.kind === 'done' && message.result) done(message.result);
        if (message.kind === 'failed') fail(new Error(message.message));
      });
      child.on('exit', (code) => {
        if (code !== 0) fail(new Error(`a load worker exited with code ${code}`));
      });
    });
    child.send(command);
    return { child, ready, finished };
  });
  await Promise.all(workers.map((w) => w.ready));
  for (const worker of workers) worker.child.send({ kind: 'go' });
  const results = await Promise.all(workers.map((w) => w.finished));
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  return {
    requests,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    perSecond: requests / (DURATION_MS / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function baseline(): Promise<Load> {
  const hello = fork(HELLO, [], { stdio: 'inherit' });
  const port = await new Promise<number>((done) =>
    hello.once('message', (m: { port: number }) => done(m.port)),
  );
  const url = `http://127.0.0.1:${port}/`;
  const load = await runLoad(
    Array.from({ length: WORKERS }, () => ({
      kind: 'hello' as const,
      url,
      connections: CONNECTIONS_PER_WORKER,
      durationMs: DURATION_MS,
    })),
  );
  hello.kill('SIGTERM');
  return load;
}

async function realServer(): Promise<{ load: Load; rssBefore: number; rssAfter: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dashfleet-bench-server-'));
  const dir = ['--data-dir', dataDir];
  const init = serverCliJson(['init', '--org', 'Bench', '--email', 'bench@example.com', ...dir]);
  const { token } = serverCliJson([
    'create-enrollment-token',
    '--org',
    String(init.orgId),
    '--max-uses',
    String(MACHINES),
    ...dir,
  ]);
  const server = await startServerProcess(await freePort(), dataDir, ['--log-level', 'warn']);
  try {
    const pid = server.child.pid ?? 0;
    const rssBefore = rssMiB(pid);
    const load = await runLoad(
      Array.from({ length: WORKERS }, (_, i) => ({
        kind: 'agents' as const,
        url: server.url,
        connections: CONNECTIONS_PER_WORKER,
        durationMs: DURATION_MS,
        enrollmentToken: String(token),
        machines: Math.ceil(MACHINES / WORKERS),
        idPrefix: `w${i}`,
      })),
    );
    return { load, rssBefore, rssAfter: rssMiB(pid) };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(
  `bench:server — ${WORKERS} load processes × ${CONNECTIONS_PER_WORKER} connections, ` +
    `${DURATION_MS / 1000} s per run, ${fmt(MACHINES)} simulated machines, loopback`,
);
const hello = await baseline();
console.log(
  `baseline  node:http hello-world: ${fmt(hello.perSecond)} req/s, ` +
    `p50 ${fmt(hello.p50, 2)} ms, p99 ${fmt(hello.p99, 2)} ms, errors ${hello.errors}`,
);
const real = await realServer();
console.log(
  `server    reports (1 sample each): ${fmt(real.load.perSecond)} reports/s, ` +
    `p50 ${fmt(real.load.p50, 2)} ms, p99 ${fmt(real.load.p99, 2)} ms, errors ${real.load.errors}`,
);
const perThousand = ((real.rssAfter - real.rssBefore) / MACHINES) * 1000;
console.log(
  `server    RSS ${fmt(real.rssBefore, 1)} MiB before enrolment, ${fmt(real.rssAfter, 1)} MiB ` +
    `with ${fmt(MACHINES)} machines reporting: ${fmt(perThousand, 2)} MiB per 1,000 machines`,
);
const ratio = real.load.perSecond / hello.perSecond;
console.log(`ratio     reports/s ÷ hello-world req/s = ${ratio.toFixed(3)} (target ≥ 0.25)`);
console.log(
  `capacity  at this rate one server ingests for ${fmt(real.load.perSecond * 30)} PCs reporting every 30 s`,
);
