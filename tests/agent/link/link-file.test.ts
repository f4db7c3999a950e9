import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkFile } from '../../../src/agent/link/link-file.js';
import {
  linkFilePath,
  linkFileStamp,
  readLinkFile,
  writeLinkFile,
} from '../../../src/agent/link/link-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashfleet-link-'));
  dirs.push(dir);
  return dir;
};
const LINK: LinkFile = {
  serverUrl: 'https://fleet.example.com',
  agentId: 'agent-1',
  agentToken: 'secret-token',
  orgName: 'Acme',
  enrolledAt: '2025-06-02T00:00:00.000Z',
};

describe('link.json', () => {
  it('is written owner-only in an owner-only folder, with no temporary file left', () => {
    const dataDir = join(tempDir(), 'data');
    writeLinkFile(dataDir, LINK);
    expect(statSync(linkFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dataDir)).toEqual(['link.json']);
    expect(readLinkFile(dataDir)).toEqual({ ok: true, value: LINK });
  });

  it('reads as not enrolled when absent, and as an error when damaged', () => {
    const dataDir = tempDir();
    expect(readLinkFile(dataDir)).toEqual({ ok: true, value: null });
    writeFileSync(linkFilePath(dataDir), '{"serverUrl":');
    expect(readLinkFile(dataDir)).toEqual({ ok: false, error: 'link.json is not valid JSON' });
    writeFileSync(linkFilePath(dataDir), JSON.stringify({ ...LINK, agentToken: '' }));
    expect(readLinkFile(dataDir).ok).toBe(false);
  });

  it('has a stamp that changes when the file is replaced', () => {
    const dataDir = tempDir();
    expect(linkFileStamp(dataDir)).toBeNull();
    writeLinkFile(dataDir, LINK);
    const first = linkFileStamp(dataDir);
    expect(first).not.toBeNull();
    writeLinkFile(dataDir, { ...LINK, agentToken: 'another' });
    expect(linkFileStamp(dataDir)).not.toBe(first);
  });
});
