import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createOsAdapter } from '../../../src/agent/actions/os/os-adapter.js';
import { createLogger } from '../../../src/agent/logger.js';
import { makeHealth, makeSample } from '../../helpers/sample-factory.js';
import type { Harness } from './engine-fixture.js';
import { DAY, T0, engineHarness, envelope, finished, recordingRunner } from './engine-fixture.js';

const harness = engineHarness();
const silent = createLogger('silent');

async function run(h: Harness, type: string) {
  const action = envelope({ type, params: {}, expiresAt: h.clock.now() + DAY });
  h.engine.receive([action]);
  await finished(h, action.id as string);
  return { id: action.id as string, last: h.updates().at(-1) };
}

describe('maintenance in dry-run: the exact commands, logged, nothing run', () => {
  it.each([
    ['linux', 'flush-dns', ['resolvectl flush-caches']],
    ['darwin', 'flush-dns', ['dscacheutil -flushcache', 'killall -HUP mDNSResponder']],
    ['win32', 'flush-dns', ['ipconfig /flushdns']],
    ['win32', 'restart-print-spooler', ['net stop spooler', 'net start spooler']],
  ])('%s %s', async (platform, type, commands) => {
    const h = await harness({ os: createOsAdapter({ dryRun: true, logger: silent, platform }) });

    const { id, last } = await run(h, type);

    expect(h.steps(id)).toEqual(['delivered', 'running', 'succeeded']);
    expect(last?.result).toEqual({
      exitCode: 0,
      output: commands.map((c) => `$ ${c}\nwould run: ${c}`).join('\n'),
      detail: { dryRun: true },
    });
  });

  it('logs one line per command it would run', async () => {
    const h = await harness();

    await run(h, 'flush-dns');

    expect(h.logLines().map((line) => line.msg)).toContain(
      'actions: dry-run, would run: resolvectl flush-caches',
    );
  });
});

describe('maintenance with a recording runner', () => {
  it('falls back to systemd-resolve when resolvectl is missing', async () => {
    const runner = recordingRunner((command) =>
      command.file === 'resolvectl'
        ? {
            exitCode: null,
            output: 'spawn resolvectl ENOENT',
            isTimedOut: false,
            startError: 'ENOENT',
          }
        : { exitCode: 0, output: '', isTimedOut: false },
    );
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'linux', runner });
    const h = await harness({ dryRun: false, os });

    const { last } = await run(h, 'flush-dns');

    expect(runner.commands.map((c) => c.file)).toEqual(['resolvectl', 'systemd-resolve']);
    expect(last).toMatchObject({ status: 'succeeded', result: { exitCode: 0 } });
  });

  it('fails with the exit status and output when every way fails', async () => {
    const runner = recordingRunner(() => ({
      exitCode: 1,
      output: 'Failed to flush caches: Access denied',
      isTimedOut: false,
    }));
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'linux', runner });
    const h = await harness({ dryRun: false, os });

    const { last } = await run(h, 'flush-dns');

    expect(last).toMatchObject({
      status: 'failed',
      result: {
        exitCode: 1,
        output: expect.stringContaining('Access denied') as string,
        error: {
          code: 'E_ACTION_COMMAND_FAILED',
          message: expect.stringContaining('status 1') as string,
        },
      },
    });
  });

  it('reports a command past its timeout as E_ACTION_TIMEOUT', async () => {
    const runner = recordingRunner(() => ({ exitCode: null, output: '', isTimedOut: true }));
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'win32', runner });
    const h = await harness({ dryRun: false, os });

    const { last } = await run(h, 'flush-dns');

    expect(last?.result?.error?.code).toBe('E_ACTION_TIMEOUT');
    expect(last?.result?.exitCode).toBeNull();
  });

  it('starts the spooler even when stopping it failed (it was already stopped)', async () => {
    const runner = recordingRunner((command) => ({
      exitCode: command.args[0] === 'stop' ? 2 : 0,
      output: '',
      isTimedOut: false,
    }));
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'win32', runner });
    const h = await harness({ dryRun: false, os });

    const { last } = await run(h, 'restart-print-spooler');

    expect(runner.commands).toEqual([
      { file: 'net', args: ['stop', 'spooler'] },
      { file: 'net', args: ['start', 'spooler'] },
    ]);
    expect(last?.status).toBe('succeeded');
  });

  it('refuses the print spooler outside Windows with a clear reason, running nothing', async () => {
    const runner = recordingRunner();
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'darwin', runner });
    const h = await harness({ dryRun: false, os });

    const { last } = await run(h, 'restart-print-spooler');

    expect(last?.result?.error).toEqual({
      code: 'E_ACTION_UNSUPPORTED_OS',
      message: 'the print spooler service exists on Windows only; this PC runs macOS',
    });
    expect(runner.commands).toEqual([]);
  });
});

describe('clear-temp', () => {
  /**
   * A temp folder with old files, an old nested folder and a link out of it, then fresh files.
   * A file's ctime cannot be set back, so "old" means: changed before `cutoff`, which the test
   * makes the engine's now minus 24 h. `arrange` adds more before the cutoff is taken (a chmod
   * changes the ctime too).
   */
  function fillTemp(
    h: Harness,
    arrange: (temp: string, write: (file: string, bytes: number) => void) => void = () => {},
  ): { temp: string; outside: string; cutoff: number } {
    const temp = path.join(h.dir, 'tmp');
    const old = (Date.now() - 2 * DAY) / 1000;
    const write = (file: string, bytes: number) => {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, Buffer.alloc(bytes, 1));
      fs.utimesSync(file, old, old);
    };
    write(path.join(temp, 'old-a.log'), 1000);
    write(path.join(temp, 'nested', 'deeper', 'old-b.bin'), 2000);
    const outside = path.join(h.dir, 'outside', 'precious.txt');
    write(outside, 10);
    fs.symlinkSync(path.dirname(outside), path.join(temp, 'link-out'));
    arrange(temp, write);
    const everything = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? [full, ...everything(full)] : [full];
      });
    const cutoff =
      Math.ceil(
        Math.max(
          ...[temp, ...everything(temp)]
            .map((file) => fs.lstatSync(file))
            .flatMap((stats) => [stats.ctimeMs, stats.mtimeMs]),
        ),
      ) + 1;
    // Rewritten until the file system's clock is past the cutoff (a wait, not a measurement).
    const fresh = path.join(temp, 'fresh.log');
    do fs.writeFileSync(fresh, Buffer.alloc(50, 1));
    while (fs.statSync(fresh).ctimeMs <= cutoff);
    return { temp, outside, cutoff };
  }

  async function clearTemp(h: Harness, temp: string, cutoff: number) {
    h.clock.set(cutoff + DAY);
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'linux', tempDir: temp });
    await h.reopen({ dryRun: false, os });
    return run(h, 'clear-temp');
  }

  it('counts what it would free in dry-run and deletes nothing', async () => {
    const h = await harness();
    const { temp, cutoff } = fillTemp(h);
    h.clock.set(cutoff + DAY);
    const os = createOsAdapter({ dryRun: true, logger: silent, platform: 'linux', tempDir: temp });
    await h.reopen({ os });

    const { last } = await run(h, 'clear-temp');

    expect(last?.result?.detail).toMatchObject({ bytesFreed: 3000, filesRemoved: 2, dryRun: true });
    expect(last?.result?.output).toContain('would remove 2 file(s)');
    expect(fs.existsSync(path.join(temp, 'old-a.log'))).toBe(true);
    expect(fs.existsSync(path.join(temp, 'nested', 'deeper', 'old-b.bin'))).toBe(true);
  });

  it('removes files older than 24 h, keeps fresh ones, never follows a link', async () => {
    const h = await harness();
    const { temp, outside, cutoff } = fillTemp(h);
    h.clock.set(cutoff + DAY);
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'linux', tempDir: temp });
    await h.reopen({ dryRun: false, os });

    const { last } = await run(h, 'clear-temp');

    expect(last?.status).toBe('succeeded');
    expect(last?.result?.detail).toMatchObject({
      bytesFreed: 3000,
      filesRemoved: 2,
      foldersRemoved: 2,
      skipped: 0,
    });
    expect(fs.readdirSync(temp).sort()).toEqual(['fresh.log', 'link-out']);
    expect(fs.existsSync(outside)).toBe(true);
  });

  it('never enters a folder others may write to; still cleans a folder only it can write to', async () => {
    const h = await harness();
    const { temp, outside, cutoff } = fillTemp(h, (temp, write) => {
      write(path.join(temp, 'shared', 'old-c.bin'), 300);
      fs.chmodSync(path.join(temp, 'shared'), 0o777);
      write(path.join(temp, 'group', 'old-d.bin'), 400);
      fs.chmodSync(path.join(temp, 'group'), 0o770);
    });

    const { last } = await clearTemp(h, temp, cutoff);

    expect(last?.result?.detail).toMatchObject({
      bytesFreed: 3000,
      filesRemoved: 2,
      foldersRemoved: 2,
      foldersLeft: 2,
    });
    expect(last?.result?.output).toContain('2 folder(s) others could change were not entered');
    expect(fs.existsSync(path.join(temp, 'shared', 'old-c.bin'))).toBe(true);
    expect(fs.existsSync(path.join(temp, 'group', 'old-d.bin'))).toBe(true);
    expect(fs.existsSync(path.join(temp, 'nested'))).toBe(false);
    expect(fs.existsSync(outside)).toBe(true);
  });

  it('walks nothing in a temp folder others may write to without the sticky bit', async () => {
    const h = await harness();
    const { temp, cutoff } = fillTemp(h, (temp) => fs.chmodSync(temp, 0o777));

    const { last } = await clearTemp(h, temp, cutoff);

    expect(last?.result?.detail).toMatchObject({ filesRemoved: 0, foldersLeft: 1 });
    expect(fs.existsSync(path.join(temp, 'old-a.log'))).toBe(true);
    expect(fs.existsSync(path.join(temp, 'nested', 'deeper', 'old-b.bin'))).toBe(true);
  });

  it('cleans a temp folder others may write to when it has the sticky bit, like /tmp', async () => {
    const h = await harness();
    const { temp, cutoff } = fillTemp(h, (temp) => fs.chmodSync(temp, 0o1777));

    const { last } = await clearTemp(h, temp, cutoff);

    expect(last?.result?.detail).toMatchObject({ filesRemoved: 2, foldersRemoved: 2 });
    expect(fs.readdirSync(temp).sort()).toEqual(['fresh.log', 'link-out']);
  });

  it('never touches a kept folder (the agent data dir inside the temp folder)', async () => {
    const h = await harness();
    const { temp, cutoff } = fillTemp(h);
    h.clock.set(cutoff + DAY);
    const os = createOsAdapter({ dryRun: false, logger: silent, platform: 'linux', tempDir: temp });
    await h.reopen({ dryRun: false, os, keepPaths: [path.join(temp, 'nested')] });

    const { last } = await run(h, 'clear-temp');

    expect(last?.result?.detail).toMatchObject({ filesRemoved: 1, bytesFreed: 1000 });
    expect(fs.existsSync(path.join(temp, 'nested', 'deeper', 'old-b.bin'))).toBe(true);
  });
});

describe('collect-logs', () => {
  function writeLogs(h: Harness): string[] {
    const older = path.join(h.dir, 'logs', 'agent.log.1');
    const newer = path.join(h.dir, 'logs', 'agent.log');
    fs.mkdirSync(path.dirname(newer), { recursive: true });
    fs.writeFileSync(older, '{"msg":"agent: started yesterday"}\n');
    fs.writeFileSync(newer, '{"msg":"link: connected"}\n');
    return [older, newer];
  }

  it('uploads one gzip bundle: system summary, latest health, the log files', async () => {
    const h = await harness();
    const files = writeLogs(h);
    await h.reopen({
      logFiles: () => [...files, path.join(h.dir, 'logs', 'missing.log')],
      latest: () => ({ sample: makeSample(T0), health: makeHealth(T0) }),
    });

    const { id, last } = await run(h, 'collect-logs');

    expect(last?.status).toBe('succeeded');
    expect(h.uploads).toHaveLength(1);
    expect(h.uploads[0]?.actionId).toBe(id);
    const text = gunzipSync(h.uploads[0]?.gzip ?? Buffer.alloc(0)).toString('utf8');
    expect(text).toContain('DashFleet diagnostics');
    expect(text).toMatch(/^os: /m);
    expect(text).toMatch(/^uptime: /m);
    expect(text).toMatch(/^disk .+ used of /m);
    expect(text).toContain('== latest health ==');
    expect(text.indexOf('agent: started yesterday')).toBeLessThan(text.indexOf('link: connected'));
    expect(text).toContain('missing.log ==\n(not read: ENOENT)');
    expect(last?.result?.detail).toEqual({ bytes: h.uploads[0]?.gzip.length, logFiles: 2 });
  });

  it('fails with E_ACTION_UPLOAD_FAILED when the server does not take the bundle', async () => {
    const h = await harness();
    await h.reopen({
      uploadArtifact: () => Promise.resolve({ ok: false, error: 'HTTP 413' }),
    });

    const { last } = await run(h, 'collect-logs');

    expect(last?.result?.error).toEqual({
      code: 'E_ACTION_UPLOAD_FAILED',
      message: 'the bundle could not be sent: HTTP 413',
    });
  });
});
