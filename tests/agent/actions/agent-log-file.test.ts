import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentLogFile,
  agentLogFiles,
  createLogger,
  createRotatingFile,
} from '../../../src/agent/logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-log-'));
  dirs.push(dir);
  return dir;
}

function memory(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('agent log file', () => {
  it('lives in <dataDir>/logs, oldest file first in the list collect-logs reads', () => {
    expect(agentLogFile('/data')).toBe(path.join('/data', 'logs', 'agent.log'));
    expect(agentLogFiles('/data')).toEqual([
      path.join('/data', 'logs', 'agent.log.1'),
      path.join('/data', 'logs', 'agent.log'),
    ]);
  });

  it('writes every line to stdout and to the file, credentials redacted in both', () => {
    const dataDir = tempDir();
    const out = memory();
    const logger = createLogger('info', out.stream, { logFile: agentLogFile(dataDir) });

    logger.info({ agentToken: 'secret-token' }, 'link: connected');
    logger.debug('not at this level');

    const file = fs.readFileSync(agentLogFile(dataDir), 'utf8');
    expect(file).toBe(out.text());
    expect(file).toContain('"msg":"link: connected"');
    expect(file).toContain('[redacted]');
    expect(file).not.toContain('secret-token');
    expect(file).not.toContain('not at this level');
    if (process.platform !== 'win32') {
      expect(fs.statSync(agentLogFile(dataDir)).mode & 0o777).toBe(0o600);
    }
  });

  it('rotates to agent.log.1 so the logs stay bounded', () => {
    const file = path.join(tempDir(), 'logs', 'agent.log');
    const sink = createRotatingFile(file, 1000);
    const line = `${'x'.repeat(99)}\n`;

    for (let i = 0; i < 35; i++) sink.write(line);

    const current = fs.statSync(file).size;
    const rotated = fs.statSync(`${file}.1`).size;
    expect(current).toBeLessThanOrEqual(1000);
    expect(rotated).toBeLessThanOrEqual(1000);
    expect(current + rotated).toBeLessThan(3500);
    expect(current % 100).toBe(0);
  });

  it('keeps the agent running when the file cannot be written', () => {
    const blocker = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const sink = createRotatingFile(path.join(blocker, 'agent.log'), 1000);

    expect(() => sink.write('line\n')).not.toThrow();
    expect(sink.write('another\n')).toBe(true);
  });
});
