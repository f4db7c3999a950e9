import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '../../shared/inventory.js';

export type HardwareIdentity = Pick<Inventory, 'hardwareId' | 'hardwareIdSource'>;

/**
 * Firmware vendors ship boards with the same placeholder UUID; enrolling on one of them would
 * merge every such machine of an organisation into one.
 */
const PLACEHOLDER_UUIDS = new Set([
  '03000200-0400-0500-0006-000700080009',
  // The same bytes as read by tools that do not swap the first three fields.
  '00020003-0004-0005-0006-000700080009',
]);

/**
 * The system UUID in lower case, or undefined when it is missing or not a real one: empty
 * (no permission to read it), text such as "Not Settable", all zeros or all Fs, or a known
 * placeholder.
 */
export function usableSystemUuid(value: string | undefined): string | undefined {
  const uuid = (value ?? '').trim().toLowerCase();
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  if (/^(0+|f+)$/.test(hex) || PLACEHOLDER_UUIDS.has(uuid)) return undefined;
  return uuid;
}

const GENERATED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HARDWARE_ID_FILE = 'hardware-id';

/** The stored id; undefined when there is no file yet, null when the file is damaged. */
async function readStoredId(file: string): Promise<string | undefined | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim().toLowerCase();
    return GENERATED_ID.test(text) ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The id generated on an earlier run, or a new one persisted in `<dataDir>/hardware-id`
 * (readable by the agent's user only). A damaged file is replaced: the old id is lost either way.
 */
export async function readOrCreateGeneratedId(dataDir: string): Promise<string> {
  const file = join(dataDir, HARDWARE_ID_FILE);
  const stored = await readStoredId(file);
  if (stored) return stored;

  const id = randomUUID();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Written aside and then put in place in one step, so that an agent starting at the same
  // moment never reads a half-written file, and the first one to link wins.
  const pending = `${file}.${id}.tmp`;
  await writeFile(pending, `${id}\n`, { mode: 0o600 });
  try {
    if (stored === null) await rename(pending, file);
    else await link(pending, file);
    return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateGeneratedId(dataDir);
    throw error;
  } finally {
    await rm(pending, { force: true });
  }
}

/**
 * Set, it replaces the hardware id. It exists for running several agents on one host (test
 * rigs, VMs cloned from one image that kept its system UUID), which would otherwise all enrol
 * as one machine. Reported as 'generated': it is not read from the firmware.
 */
export const HARDWARE_ID_ENV = 'DASHFLEET_HARDWARE_ID';

/** The override when it is 1-200 printable characters after trimming; else undefined. */
export function hardwareIdOverride(value: string | undefined): string | undefined {
  const id = (value ?? '').trim();
  return /^[\x21-\x7e]{1,200}$/.test(id) ? id : undefined;
}

/**
 * DASHFLEET_HARDWARE_ID if set, else the first usable system UUID among the candidates, else
 * the persisted generated id.
 */
export async function resolveHardwareId(
  dataDir: string,
  candidates: ReadonlyArray<string | undefined>,
  override: string | undefined = process.env[HARDWARE_ID_ENV],
): Promise<HardwareIdentity> {
  const forced = hardwareIdOverride(override);
  if (forced !== undefined) return { hardwareId: forced, hardwareIdSource: 'generated' };
  for (const candidate of candidates) {
    const uuid = usableSystemUuid(candidate);
    if (uuid !== undefined) return { hardwareId: uuid, hardwareIdSource: 'system-uuid' };
  }
  return { hardwareId: await readOrCreateGeneratedId(dataDir), hardwareIdSource: 'generated' };
}
