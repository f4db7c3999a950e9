import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/agent-process.js';
import { parseActionsBenchOptions } from './actions-bench-options.js';

const BENCH = join(ROOT, 'dist/tests/bench/actions-bench.js');

const benchTempDirs = (): string[] =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('dashfleet-bench-actions-'));

function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BENCH, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('bench:actions options', () => {
  it('defaults to 2,000 agents in 2 processes', () => {
    const parsed = parseActionsBenchOptions([]);
    expect(parsed).toMatchObject({ ok: true, value: { agents: 2000, workers: 2, rounds: 200 } });
  });

  it('--quick shrinks the run, and explicit options still win', () => {
    const parsed = parseActionsBenchOptions(['--quick', '--rounds', '7']);
    expect(parsed).toMatchObject({ ok: true, value: { agents: 20, rounds: 7 } });
  });

  it('never uses more processes than agents', () => {
    const parsed = parseActionsBenchOptions(['--agents', '1', '--workers', '4']);
    expect(parsed).toMatchObject({ ok: true, value: { agents: 1, workers: 1 } });
  });

  it.each([
    [['--agents', '0'], '--agents'],
    [['--agents', '10001'], '--agents'],
    [['--rounds', 'many'], '--rounds'],
    [['--seconds', '1.5'], '--seconds'],
    [['--bogus'], 'bogus'],
  ])('refuses %j with a message naming the option', (argv, named) => {
    const parsed = parseActionsBenchOptions(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.error).toContain(named);
  });
});

describe('bench:actions quick run', () => {
  it('measures both servers, prints every figure and target, and cleans up', async () => {
    const before = benchTempDirs();

    const run = await runBench([
      '--quick',
      '--broadcasts',
      '1',
      '--idle-seconds',
      '0',
      '--readings',
      '1',
    ]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    // Both sides: every single-machine action and every broadcast receipt arrived.
    expect(
      out.match(
        /^ {2}one machine p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms \(5 of 5 arrived\)$/gm,
      ),
    ).toHaveLength(2);
    expect(out.match(/^ {2}broadcast {3}[\d.]+ ms; median [\d.]+ ms$/gm)).toHaveLength(2);
    expect(out.match(/^ {2}memory {6}-?[\d.]+ KB per idle channel/gm)).toHaveLength(2);
    // Warm-up 5 + 5 rounds + one broadcast to 20: each acknowledged and stored by the server.
    expect(
      out.match(
        /^ {2}acks {8}30 actions received, 30 delivered updates sent, 30 stored; 0 channels dropped$/gm,
      ),
    ).toHaveLength(2);
    expect(out).toMatch(/^ratios +one machine: prototype average ÷ p50 ×[\d,.]+/m);
    expect(out).toMatch(/^ratios +server ÷ bare ws: one machine p50 ×[\d,.]+/m);
    expect(out).toMatch(/^target +one machine p99 ≤ 20 ms: [\d.]+ ms — (met|NOT met)$/m);
    expect(out).toMatch(/^target +broadcast to 2,000 ≤ 500 ms: [\d.]+ ms to 20 — (met|NOT met)/m);
    expect(out).toMatch(
      /^target +server memory per idle channel ≤ 16 KB: -?[\d.]+ KB — (met|NOT met)$/m,
    );
    expect(benchTempDirs().filter((name) => !before.includes(name))).toEqual([]);
  }, 120_000);
});
