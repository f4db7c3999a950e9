import { open } from 'node:fs/promises';
import os from 'node:os';
import { ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import type { LatestState } from '../store/types.js';

export interface LogBundleInput {
  /** Oldest first; missing files are noted and skipped. */
  logFiles: readonly string[];
  latest: LatestState;
  now: number;
  /** The gzip may be at most this big. Default ACTION_LIMITS.maxArtifactBytes. */
  maxBytes?: number;
}

export interface LogBundle {
  gzip: Buffer;
  /** Log files that went in (some of each, newest part first to go when space is short). */
  logFiles: number;
  /** The text before compression, bytes. */
  textBytes: number;
}

/** Characters of log read per file at first; halved until the gzip fits. */
const FIRST_LOG_BUDGET = 4 * 1024 * 1024;
const MIN_LOG_BUDGET = 16 * 1024;

/**
 * One gzip'd text file for IT: a system summary (OS, uptime, memory, disk use, the latest
 * health) and the end of each agent log file. The newest lines matter most, so when the bundle
 * would pass maxBytes each log keeps less of its beginning until it fits.
 */
export async function buildLogBundle(input: LogBundleInput): Promise<LogBundle> {
  const { gzip } = await import('node:zlib');
  const { promisify } = await import('node:util');
  const compress = promisify(gzip);
  const maxBytes = input.maxBytes ?? ACTION_LIMITS.maxArtifactBytes;
  const summary = systemSummary(input.latest, input.now);
  let budget = FIRST_LOG_BUDGET;
  for (;;) {
    const logs = await Promise.all(input.logFiles.map((file) => tail(file, budget)));
    const text = [summary, ...logs.map((log) => log.text)].join('\n');
    const packed = await compress(Buffer.from(text, 'utf8'));
    if (packed.length <= maxBytes || budget <= MIN_LOG_BUDGET) {
      if (packed.length > maxBytes) {
        throw new RangeError(`the bundle is ${packed.length} bytes, more than ${maxBytes}`);
      }
      return {
        gzip: packed,
        logFiles: logs.filter((log) => log.isRead).length,
        textBytes: Buffer.byteLength(text),
      };
    }
    budget = Math.floor(budget / 2);
  }
}

async function tail(file: string, maxBytes: number): Promise<{ text: string; isRead: boolean }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return {
      text: `== ${file} ==\n(not read: ${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      isRead: false,
    };
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const note = start > 0 ? `, last ${buffer.length} of ${size} bytes` : '';
    // A cut may fall inside a line: drop the partial first line.
    const body = buffer.toString('utf8');
    const text = start > 0 ? body.slice(body.indexOf('\n') + 1) : body;
    return { text: `== ${file}${note} ==\n${text}`, isRead: true };
  } finally {
    await handle.close();
  }
}

function systemSummary(latest: LatestState, now: number): string {
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  const lines = [
    'DashFleet diagnostics',
    `created: ${new Date(now).toISOString()}`,
    '== system ==',
    `os: ${os.type()} ${os.release()} (${process.platform} ${os.arch()})`,
    `hostname: ${os.hostname()}`,
    `uptime: ${formatUptime(os.uptime())}`,
    `memory: ${gib(os.totalmem() - os.freemem())} used of ${gib(os.totalmem())}`,
    `agent runtime: node ${process.version}`,
  ];
  const volumes = latest.sample?.disks?.volumes ?? [];
  if (volumes.length === 0) lines.push('disks: not sampled yet');
  for (const volume of volumes) {
    lines.push(
      `disk ${volume.mount}: ${gib(volume.usedBytes)} used of ${gib(volume.totalBytes)} ` +
        `(${volume.usedPercent.toFixed(0)} %, ${volume.fsType})`,
    );
  }
  lines.push('== latest health ==');
  const health = latest.health;
  if (!health) lines.push('not judged yet');
  else {
    lines.push(
      `score ${health.score}/100, ${health.status}, at ${new Date(health.evaluatedAt).toISOString()}`,
    );
    for (const reason of health.reasons) {
      lines.push(`- ${reason.severity}: ${reason.key} ${JSON.stringify(reason.params)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${days} d ${hours} h ${minutes} min`;
}
