/**
 * Which folders clear-temp may walk into. Pure functions.
 *
 * The walk works by path names (lstat, opendir, then unlink of `<folder>/<name>`), so every
 * folder on the path must stay what it was between the check and the unlink. If anyone else can
 * rename entries in a folder on the way, they can swap a subfolder for a symlink (a junction on
 * Windows) to /etc while the walk is inside it, and an agent running as root or SYSTEM would
 * then delete /etc/passwd. Nobody but the folder's owner (and root) can rename entries in a
 * folder that only its owner may write to, so:
 *  - a subfolder is entered only when the agent's own user owns it and neither its group nor
 *    others may write to it (`(mode & 0o022) === 0`);
 *  - the temp folder itself belongs to the agent's user or to root, and when others may write
 *    to it (/tmp is 1777) it must have the sticky bit: then nobody can rename an entry there
 *    that is not theirs, so the folders the walk enters stay in place;
 *  - where owners cannot be checked (Windows has no uid), no folder is entered at all: only
 *    regular files directly in the temp folder are removed.
 */

/** Write permission for the group and for others. */
const WRITABLE_BY_OTHERS = 0o022;
/** In a folder with this bit, only an entry's owner (or the folder's, or root) may rename it. */
const STICKY = 0o1000;
const ROOT_UID = 0;

export interface FolderOwnership {
  uid: number;
  mode: number;
}

/** Whether the walk may enter a folder below the temp folder. */
export function mayEnterSubfolder(folder: FolderOwnership, agentUid: number): boolean {
  return folder.uid === agentUid && (folder.mode & WRITABLE_BY_OTHERS) === 0;
}

/** Whether the walk may start in the temp folder at all. */
export function mayEnterTempFolder(folder: FolderOwnership, agentUid: number): boolean {
  const isTrustedOwner = folder.uid === agentUid || folder.uid === ROOT_UID;
  const isSafeToList =
    (folder.mode & WRITABLE_BY_OTHERS) === 0 || (folder.mode & STICKY) === STICKY;
  return isTrustedOwner && isSafeToList;
}
