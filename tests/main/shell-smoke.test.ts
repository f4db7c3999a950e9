import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FAKE_ELECTRON = join(import.meta.dirname, 'helpers/fake-electron.mjs');
const MAIN = join(ROOT, 'dist/main/main.cjs');

interface ShellEvent {
  event: string;
  [key: string]: unknown;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * Runs the bundled main process (`npm run build:main`) under Node with a stand-in for the
 * Electron module: the composition is real (agent, SQLite, local API, protocol bridge, tray,
 * window guards); only Electron's native side is faked.
 */
function runShell(env: Record<string, string> = {}, dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'dashfleet-shell-'));
  dirs.push(dir);
  const result = spawnSync(process.execPath, ['--import', FAKE_ELECTRON, MAIN], {
    cwd: ROOT,
    env: { ...process.env, DASHFLEET_DATA_DIR: dir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const events: ShellEvent[] = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('SHELL '))
    .map((line) => JSON.parse(line.slice('SHELL '.length)) as ShellEvent);
  const find = (name: string) => events.find((event) => event.event === name);
  return { ...result, events, find };
}

describe('the bundled desktop main process (Electron faked)', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build:main'], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);

  it('starts the agent, serves the dashboard through dashfleet:// and quits cleanly', () => {
    const { status, stderr, find, events } = runShell();

    expect(status, stderr).toBe(0);
    expect(find('schemes')).toMatchObject({
      schemes: [{ scheme: 'dashfleet', privileges: { standard: true, secure: true } }],
    });
    expect(find('permission-request')).toEqual({ event: 'permission-request', granted: false });
    expect(find('permission-check')).toEqual({ event: 'permission-check', granted: false });
    expect(find('window')).toMatchObject({
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    expect(find('load')).toMatchObject({ url: 'dashfleet://app/' });
    expect(find('status')).toMatchObject({
      status: 200,
      csp: expect.stringContaining("default-src 'none'"),
      body: { agent: { isPaused: false }, outbox: { size: expect.any(Number) } },
    });
    expect(find('page')).toMatchObject({ status: 200 });
    expect(find('navigate-away')).toMatchObject({ isPrevented: true });
    expect(find('window-open')).toMatchObject({ action: 'deny' });
    expect(find('tray')).toMatchObject({ image: expect.stringMatching(/tray-disconnected\.png$/) });
    const labels = find('tray-state')?.labels as string[];
    expect(labels).toContain('Messages');
    expect(labels).toHaveLength(6);
    // The tray is gone only after the agent stopped, and nothing touches it afterwards.
    const names = events.map((event) => event.event);
    expect(names.indexOf('tray-destroyed')).toBe(names.length - 2);
    expect(names.at(-1)).toBe('quit');
  });

  it('a second launch leaves the first instance alone', () => {
    const { status, find } = runShell({ FAKE_SECOND_INSTANCE: '1' });

    expect(status).toBe(0);
    expect(find('quit')).toBeDefined();
    expect(find('protocol')).toBeUndefined();
  });

  it('says why it cannot start when another agent holds the data dir', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dashfleet-shell-'));
    // This test process stands in for a headless agent already running there.
    writeFileSync(join(dataDir, 'agent.lock'), String(process.pid));

    const { status, find } = runShell({}, dataDir);

    expect(status).toBe(1);
    expect(find('error-box')).toMatchObject({
      message: expect.stringContaining('another agent'),
    });
    expect(find('protocol')).toBeUndefined();
  });
});
