import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Systeminformation } from 'systeminformation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HARDWARE_ID_ENV,
  HARDWARE_ID_FILE,
  hardwareIdOverride,
  resolveHardwareId,
  usableSystemUuid,
} from '../../../src/agent/collect/hardware-id.js';
import { fixture } from './fixtures.js';

describe('usableSystemUuid', () => {
  it.each([
    '',
    'Not Settable',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '03000200-0400-0500-0006-000700080009',
    'not-a-uuid',
  ])('rejects %j', (value) => expect(usableSystemUuid(value)).toBeUndefined());

  it('accepts a real UUID and normalises it to lower case', () => {
    expect(usableSystemUuid('4C4C4544-0051-3510-8052-B4C04F4B4E32')).toBe(
      '4c4c4544-0051-3510-8052-b4c04f4b4e32',
    );
  });
});

describe('resolveHardwareId', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dashfleet-hwid-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses the system UUID when the machine has one, and writes nothing', async () => {
    const identity = await resolveHardwareId(dataDir, ['4C4C4544-0051-3510-8052-B4C04F4B4E32']);
    expect(identity).toEqual({
      hardwareId: '4c4c4544-0051-3510-8052-b4c04f4b4e32',
      hardwareIdSource: 'system-uuid',
    });
    await expect(stat(join(dataDir, HARDWARE_ID_FILE))).rejects.toThrow();
  });

  it('takes DASHFLEET_HARDWARE_ID over the system UUID, and ignores a blank or odd one', async () => {
    const uuid = '4C4C4544-0051-3510-8052-B4C04F4B4E32';
    expect(await resolveHardwareId(dataDir, [uuid], ' rig-agent-2 ')).toEqual({
      hardwareId: 'rig-agent-2',
      hardwareIdSource: 'generated',
    });
    for (const ignored of ['', '   ', 'has space', 'x'.repeat(201)]) {
      expect((await resolveHardwareId(dataDir, [uuid], ignored)).hardwareIdSource).toBe(
        'system-uuid',
      );
    }
    await expect(stat(join(dataDir, HARDWARE_ID_FILE))).rejects.toThrow();
  });

  it('reads DASHFLEET_HARDWARE_ID from the environment by default', async () => {
    const before = process.env[HARDWARE_ID_ENV];
    process.env[HARDWARE_ID_ENV] = 'rig-agent-3';
    try {
      expect((await resolveHardwareId(dataDir, [])).hardwareId).toBe('rig-agent-3');
    } finally {
      if (before === undefined) delete process.env[HARDWARE_ID_ENV];
      else process.env[HARDWARE_ID_ENV] = before;
    }
    expect(hardwareIdOverride('\tvm-clone-07\n')).toBe('vm-clone-07');
  });

  it('generates an id on the recorded machine (empty UUIDs) and gives it back on later runs', async () => {
    const uuid = fixture<Systeminformation.UuidData>('linux/uuid.json');
    const system = fixture<Systeminformation.SystemData>('linux/system.json');
    const subdir = join(dataDir, 'not-yet-created');
    const first = await resolveHardwareId(subdir, [uuid.hardware, system.uuid]);
    expect(first.hardwareIdSource).toBe('generated');
    expect(first.hardwareId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );

    const file = join(subdir, HARDWARE_ID_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.hardwareId);
    expect(await resolveHardwareId(subdir, [uuid.hardware, system.uuid])).toEqual(first);
  });

  it('replaces a damaged id file with a fresh id', async () => {
    await writeFile(join(dataDir, HARDWARE_ID_FILE), 'garbage');
    const identity = await resolveHardwareId(dataDir, []);
    expect(identity.hardwareId).not.toBe('garbage');
    expect((await readFile(join(dataDir, HARDWARE_ID_FILE), 'utf8')).trim()).toBe(
      identity.hardwareId,
    );
  });

  it('gives two processes starting together the same generated id', async () => {
    const [a, b] = await Promise.all([
      resolveHardwareId(dataDir, []),
      resolveHardwareId(dataDir, []),
    ]);
    expect(a).toEqual(b);
    expect(await readdir(dataDir)).toEqual([HARDWARE_ID_FILE]);
  });
});
