/**
 * One process at a time in a PGlite data folder. PGlite is PostgreSQL inside this process, with
 * no postmaster to turn a second one away: two servers on one folder each keep their own buffers
 * and write over each other's files. (Measured in session 19: a message answered 201 through one
 * of two servers on one folder was gone after both stopped.)
 *
 * The lock is a file beside the folder (`<folder>.lock`, so the folder itself stays as PGlite
 * wants it) holding the owner's pid, host and, on Linux, the pid's start time. A lock whose owner
 * is gone (killed, crashed) is taken over; so is one whose pid now belongs to another process (a
 * restarted container gives out the same pids), told apart by the start time.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Thrown when another live process holds the folder. */
export class FolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
    readonly host: string,
    readonly lockFile: string,
  ) {
    super(
      `the data folder ${folder} is in use by another chatdesk server (pid ${pid}${host === os.hostname() ? '' : ` on ${host}`}). ` +
        `Stop it, or give this one another folder (CHATDESK_DATA_DIR). If no such server runs, remove ${lockFile}.`,
    );
    this.name = 'FolderInUseError';
  }
}

/** A held lock. */
export interface FolderLock {
  /** Gives the folder up (removes the file if it is still this process's). */
  release(): void;
}

/** Lock files this process holds (a second open of the same folder here is refused too). */
const held = new Set<string>();

/** A pid's start time in clock ticks since boot (Linux `/proc`), or '' where unknown. */
export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name in parentheses (which may hold spaces).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Takes `<folder>.lock`, or throws {@link FolderInUseError}. */
export function lockFolder(folder: string): FolderLock {
  const file = `${folder}.lock`;
  if (held.has(file)) throw new FolderInUseError(folder, process.pid, os.hostname(), file);
  const mine = `${process.pid}\n${os.hostname()}\n${processStartTime(process.pid)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST' || attempt >= 3) throw e;
    }
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // removed meanwhile: try again
    }
    const [pidText = '', host = '', started = ''] = text.split('\n');
    const pid = Number(pidText);
    const sameHost = host === os.hostname();
    const owned = Number.isInteger(pid) && pid > 0 && (!sameHost || (pid !== process.pid && alive(pid) && (started === '' || processStartTime(pid) === '' || processStartTime(pid) === started)));
    if (owned) throw new FolderInUseError(folder, pid, host, file);
    // Left by a process that is gone: take it over.
    rmSync(file, { force: true });
  }
  held.add(file);
  const release = () => {
    if (!held.delete(file)) return;
    process.off('exit', release);
    try {
      if (readFileSync(file, 'utf8') === mine) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
  // Released on exit too (a server stopped by process.exit without closing its database).
  process.on('exit', release);
  return { release };
}
