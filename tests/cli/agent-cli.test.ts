import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/agent/store/open-store.js';
import { withDefaultCommand } from '../../src/cli/agent/program.js';
import type { RunningAgent } from '../helpers/agent-process.js';
import { isStoredCycle, runAgentCli, startAgent, tempDataDir } from '../helpers/agent-process.js';

describe('dashfleet-agent against a running agent', () => {
  const dataDir = tempDataDir();
  let agent: RunningAgent;

  beforeAll(async () => {
    agent = startAgent(['--data-dir', dataDir, '--interval', '1', '--log-level', 'debug']);
    await agent.waitForLog(isStoredCycle, 3);
  });

  afterAll(() => {
    if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
  });

  it('status --json reports a real health score, the last sample and the outbox', () => {
    const { code, stdout } = runAgentCli(['status', '--json', '--data-dir', dataDir]);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.health.score).toBeGreaterThanOrEqual(0);
    expect(status.health.score).toBeLessThanOrEqual(100);
    expect(['ok', 'warn', 'critical']).toContain(status.health.status);
    expect(Date.now() - Date.parse(status.lastSampleAt)).toBeLessThan(10_000);
    expect(status.outbox.size).toBeGreaterThanOrEqual(3);
    expect(status.outbox.dropped).toBe(0);
    expect(status.agentPid).toBe(agent.child.pid);
  });

  it('status prints the score and reasons in plain words', () => {
    const { code, stdout } = runAgentCli(['status', '--data-dir', dataDir], {
      LANG: 'en_US.UTF-8',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Health: \d+\/100 — (Healthy|Needs attention|Critical)/);
    expect(stdout).toMatch(/Last sample: .+ \((.+ ago|now)\)/);
    expect(stdout).toMatch(/Outbox: [\d,]+ samples waiting for a server, 0 dropped/);
    expect(stdout).toContain(`Agent: running (pid ${agent.child.pid})`);
  });

  it('history --json returns the CPU series from the raw tier', () => {
    const { code, stdout } = runAgentCli([
      'history',
      '--metric',
      'cpu',
      '--since',
      '10m',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(code).toBe(0);
    const history = JSON.parse(stdout);
    expect(history.tier).toBe('raw');
    expect(history.series[0].metric).toBe('cpu.usagePercent');
    expect(history.series[0].points.length).toBeGreaterThanOrEqual(3);
  });

  it('export streams JSON lines of the range into a file', () => {
    const out = join(dataDir, 'export.jsonl');
    const { code } = runAgentCli([
      'export',
      '--format',
      'jsonl',
      '--from',
      '10m',
      '--out',
      out,
      '--data-dir',
      dataDir,
    ]);
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(JSON.parse(line).values['cpu.usagePercent']).toBeDefined();
  });

  it('export writes CSV with a header to standard output', () => {
    const { code, stdout } = runAgentCli([
      'export',
      '--from',
      '10m',
      '--metric',
      'memory',
      '--data-dir',
      dataDir,
    ]);
    expect(code).toBe(0);
    const [header, first] = stdout.split('\n');
    expect(header).toContain('timestamp');
    expect(header).toContain('memory.usedPercent');
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('SIGTERM finishes the write, closes the database and exits 0', async () => {
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(agent.logs.some((line) => line.msg === 'agent: stopped')).toBe(true);
    const store = openStore({ path: join(dataDir, 'agent.db') });
    try {
      expect(store.integrityCheck()).toBe('ok');
      expect(store.outboxStatus().lastSeq).toBe(agent.logs.filter(isStoredCycle).length);
    } finally {
      store.close();
    }
    const after = runAgentCli(['status', '--data-dir', dataDir], { LANG: 'en_US.UTF-8' });
    expect(after.stdout).toContain('Agent: not running');
  });
});

describe('dashfleet-agent on bad input', () => {
  it.each([
    [['run', '--interval', '0'], /"0" is not a whole number from 1 to 3600/],
    [['run', '--interval', '5000'], /option '--interval <seconds>' argument '5000' is invalid/],
    [['run', '--log-level', 'loud'], /Allowed choices are fatal, error/],
    [['history', '--since', 'banana'], /"banana" is not a duration/],
    [['history', '--points', '-3'], /not a whole number/],
    [['export', '--format', 'xml'], /Allowed choices are csv, jsonl/],
    [['export', '--from', 'next tuesday'], /neither a date .* nor a duration/],
    [['export', '--from', '1h', '--to', '2h'], /--from must be before --to/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j exits 2 with one line saying what is wrong', (args, message) => {
    const { code, stdout, stderr } = runAgentCli([...args, '--data-dir', tempDataDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr + stdout).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad config file, naming the file and the setting', () => {
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, 'config.json'), '{ "intervalSeconds": "fast" }');
    const { code, stderr } = runAgentCli(['run', '--data-dir', dataDir]);
    expect(code).toBe(2);
    expect(stderr).toContain(join(dataDir, 'config.json'));
    expect(stderr).toContain('intervalSeconds must be integer');
  });

  it('status without any history says how to start, exit 1', () => {
    const dataDir = tempDataDir();
    const { code, stderr } = runAgentCli(['status'], { DASHFLEET_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toContain(`No history in ${dataDir} yet`);
  });
});

describe('dashfleet-agent without a command', () => {
  it.each([
    [[], ['run']],
    [
      ['--data-dir', '/tmp/x'],
      ['--data-dir', '/tmp/x', 'run'],
    ],
    [['status'], ['status']],
    [
      ['--data-dir', '/tmp/x', 'status'],
      ['--data-dir', '/tmp/x', 'status'],
    ],
    [['--help'], ['--help']],
    [['frobnicate'], ['frobnicate']],
  ])('%j runs as %j', (args, expected) => {
    expect(withDefaultCommand(['node', 'dashfleet-agent', ...args]).slice(2)).toEqual(expected);
  });
});
