import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTempFolder } from '../../../src/agent/actions/handlers/clear-temp.js';
import {
  mayEnterSubfolder,
  mayEnterTempFolder,
} from '../../../src/agent/actions/handlers/temp-folder-rules.js';

const DAY = 86_400_000;
const uid = typeof process.getuid === 'function' ? process.getuid() : 1000;
const OTHER_UID = uid === 4242 ? 4343 : 4242;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A real temp folder (0700, this user's) with `files` in it, and a folder outside it holding a
 * file named like one inside, the target a swapped-in link would point at.
 */
function tempWith(files: Record<string, number>): { temp: string; outsideFile: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-clear-temp-'));
  dirs.push(root);
  const temp = path.join(root, 'tmp');
  fs.mkdirSync(temp, { mode: 0o700 });
  for (const [file, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(temp, file)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(temp, file), Buffer.alloc(bytes, 1));
  }
  const outsideFile = path.join(root, 'etc', 'passwd');
  fs.mkdirSync(path.dirname(outsideFile));
  fs.writeFileSync(outsideFile, 'root:x:0:0');
  return { temp, outsideFile };
}

/** Every file counts as old: its changes all happened before `before`. */
const everythingOld = () => Date.now() + DAY;

describe('cleanTempFolder: a folder swapped while it is walked', () => {
  it.each([
    ['for a link to a folder outside the temp folder', 'link'],
    ['for another folder', 'folder'],
  ])('does not list a folder swapped between its check and its opening %s', async (_, swap) => {
    const { temp, outsideFile } = tempWith({ 'a/passwd': 100 });
    const folder = path.join(temp, 'a');

    const totals = await cleanTempFolder({
      dir: temp,
      before: everythingOld(),
      dryRun: false,
      uid,
      beforeOpen(opening) {
        if (opening !== folder) return;
        fs.renameSync(folder, path.join(temp, 'a-moved'));
        if (swap === 'link') {
          fs.symlinkSync(path.dirname(outsideFile), folder);
        } else {
          fs.mkdirSync(folder, { mode: 0o700 });
          fs.writeFileSync(path.join(folder, 'passwd'), 'x');
        }
      },
    });

    expect(totals).toMatchObject({ filesRemoved: 0, foldersRemoved: 0, foldersLeft: 1 });
    expect(fs.existsSync(outsideFile)).toBe(true);
    expect(fs.existsSync(path.join(temp, 'a-moved', 'passwd'))).toBe(true);
    expect(fs.existsSync(path.join(folder, 'passwd'))).toBe(true);
  });

  it('lists a folder that stayed what it was checked to be', async () => {
    const { temp } = tempWith({ 'a/passwd': 100 });
    const folders = [fs.realpathSync(temp), fs.realpathSync(path.join(temp, 'a'))];
    const opened: string[] = [];

    const totals = await cleanTempFolder({
      dir: temp,
      before: everythingOld(),
      dryRun: false,
      uid,
      beforeOpen: (folder) => void opened.push(folder),
    });

    expect(opened).toEqual(folders);
    expect(totals).toMatchObject({ filesRemoved: 1, bytesFreed: 100, foldersRemoved: 1 });
    expect(fs.readdirSync(temp)).toEqual([]);
  });
});

describe('cleanTempFolder without owners to check (Windows)', () => {
  it('removes only regular files directly in the temp folder, entering no folder and no link', async () => {
    const { temp, outsideFile } = tempWith({ 'old.log': 10, 'own/inside.log': 20 });
    fs.symlinkSync(path.dirname(outsideFile), path.join(temp, 'junction'));
    fs.symlinkSync(outsideFile, path.join(temp, 'file-link'));

    const totals = await cleanTempFolder({ dir: temp, before: everythingOld(), dryRun: false });

    expect(totals).toMatchObject({
      filesRemoved: 1,
      bytesFreed: 10,
      foldersRemoved: 0,
      foldersLeft: 1,
    });
    expect(fs.readdirSync(temp).sort()).toEqual(['file-link', 'junction', 'own']);
    expect(fs.existsSync(path.join(temp, 'own', 'inside.log'))).toBe(true);
    expect(fs.readFileSync(outsideFile, 'utf8')).toBe('root:x:0:0');
  });
});

describe('which folders the walk may enter', () => {
  /** st_mode of a folder with these permission bits (octal, as ls and chmod write them). */
  const directory = (permissions: string) => fs.constants.S_IFDIR | parseInt(permissions, 8);

  it.each([
    ['0700', uid, true],
    ['0755', uid, true],
    ['0775', uid, false],
    ['0757', uid, false],
    ['0777', uid, false],
    ['1777', uid, false],
    ['0700', OTHER_UID, false],
    ['0755', OTHER_UID, false],
  ])('a subfolder with mode %s owned by uid %i: %s', (mode, owner, expected) => {
    expect(mayEnterSubfolder({ uid: owner, mode: directory(mode) }, uid)).toBe(expected);
  });

  it.each([
    ['1777', 0, true, 'root-owned and sticky, like /tmp'],
    ['0755', 0, true, 'root-owned, only root writes'],
    ['0700', uid, true, "the agent's own"],
    ['1777', uid, true, "the agent's own, sticky"],
    ['0777', 0, false, 'writable by all without the sticky bit'],
    ['0775', uid, false, 'writable by the group without the sticky bit'],
    ['0700', OTHER_UID, false, "another user's"],
    ['1777', OTHER_UID, false, "another user's, sticky"],
  ])('the temp folder with mode %s owned by uid %i: %s (%s)', (mode, owner, expected) => {
    expect(mayEnterTempFolder({ uid: owner, mode: directory(mode) }, uid)).toBe(expected);
  });
});
