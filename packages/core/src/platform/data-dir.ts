/**
 * The embedded data folder holds the database, the generated encryption key and the voice webhook secret:
 * patient data and what unlocks it. It is created 0700, everything in it is kept 0600 (0700 for folders),
 * and the server refuses to start on a folder that another user could write, since that user could swap the
 * key or the database underneath us.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';

interface DirStat {
  mode: number;
  uid: number;
  isDirectory(): boolean;
}

// Permission bits mean nothing to Windows ACLs; there the folder is left to the OS.
const POSIX = process.platform !== 'win32';

/** Why `dir` must not be used, or null. Pure, so every case is testable without another user account. */
export function dataDirProblem(dir: string, st: DirStat, uid: number): string | null {
  if (!st.isDirectory()) return `The data folder ${dir} is not a folder. Set VOXANNE_DATA_DIR to a folder.`;
  if (st.uid !== uid) {
    return `The data folder ${dir} is owned by another user (uid ${st.uid}), who can change what is in it. Fix: chown -R ${uid} ${dir} && chmod 700 ${dir}, or set VOXANNE_DATA_DIR to a folder of your own.`;
  }
  if (st.mode & 0o022) {
    return `The data folder ${dir} (mode ${(st.mode & 0o777).toString(8)}) can be written by other users, who could replace the database or its encryption key. Fix: chmod 700 ${dir}`;
  }
  return null;
}

/** Creates the folder 0700, or checks an existing one and takes away what others may read. Idempotent. */
export function ensurePrivateDataDir(dir: string): void {
  if (!POSIX) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  let st;
  try {
    st = statSync(dir);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdir applies the umask, and a recursive one only sets the mode of the last folder it makes.
    chmodSync(dir, 0o700);
    return;
  }
  const problem = dataDirProblem(dir, st, process.getuid!());
  if (problem) throw new ConfigError(`Refusing to start: ${problem}`);
  if (st.mode & 0o077) chmodSync(dir, 0o700);
}

/**
 * Folders 0700 and files 0600 below `dir`. PGlite's file system layer creates its files 0666 whatever the
 * umask, so this runs after it opens and after it closes; in between, the 0700 folder keeps others out.
 */
export function tightenDataDir(dir: string): void {
  if (!POSIX) return;
  const visit = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) chmodSync(p, want);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
  };
  visit(dir);
}
