/**
 * An exclusive claim on a tty, as the serial tools that share a machine with us expect, so that
 * a flash never runs while minicom, picocom, a second `boothold flash` or a script holds the
 * port (two writers on a download port corrupt the session and can leave the module in a
 * loop).
 *
 * Linux has three conventions and none of them is enforced by the kernel for everyone:
 * - TIOCEXCL (what libqmi-based tools and ModemManager rely on): an ioctl, not reachable from
 *   Node without a native addon. Not used.
 * - UUCP/HDB lock files, `LCK..<name>` in /run/lock (/var/lock) holding the owner's PID as ten
 *   right-aligned digits and a newline: minicom, cu, lockdev's users. A file whose PID no
 *   longer runs is stale and is taken over, as lockdev does.
 * - flock(2) on the open file: picocom and tio. Node has no flock(); util-linux's `flock -n`
 *   run on a descriptor we pass it as its stdin takes the lock on that open file description,
 *   so the lock stays ours after it exits and goes when we close it. That descriptor is a
 *   second open of the tty kept only for the lock: a child's stdin is switched to blocking
 *   mode by libuv, and that flag belongs to the open file description, so handing it the
 *   descriptor we read from would block our reads. Who holds a conflicting lock is read from
 *   /proc/locks (its inode matches the tty's).
 *
 * Both are taken; a missing lock directory, an unwritable one (no /run/lock in a container) or
 * a system without the `flock` tool only means that convention is skipped: it never stops a
 * flash by itself. A conflict with a live owner is a `port-busy` error naming the PID.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, linkSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TransportError } from './errors.ts';

export interface TtyLockOptions {
  /** Where LCK.. files live. Default: $BOOTHOLD_LOCK_DIR, else /run/lock, else /var/lock. */
  readonly lockDir?: string;
  /** Take the flock(2) lock too (default true). */
  readonly flock?: boolean;
}

export interface TtyLock {
  /** The LCK.. file we wrote, or null when that convention could not be used here. */
  readonly lockFile: string | null;
  /** Whether flock(2) is held on the descriptor. */
  readonly flocked: boolean;
  /** Removes the lock file (the flock goes with the descriptor). Idempotent. */
  release(): void;
}

const DEFAULT_DIRS = ['/run/lock', '/var/lock'];

/** `/dev/ttyUSB0` → `LCK..ttyUSB0`; `/dev/pts/3` → `LCK..pts_3` (lockdev's form for subdirectories). */
export function lockFileName(realPath: string): string {
  const rel = realPath.startsWith('/dev/') ? realPath.slice('/dev/'.length) : basename(realPath);
  return `LCK..${rel.replace(/\//g, '_')}`;
}

/** The HDB form: ten right-aligned digits and a newline. */
export function hdbPid(pid: number): string {
  return `${String(pid).padStart(10, ' ')}\n`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PID in a lock file (HDB text, or the 4-byte binary form of old UUCP); null when unreadable. */
function readLockPid(file: string): number | null {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return null;
  }
  const text = raw.toString('latin1').trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (raw.length === 4) return raw.readInt32LE(0);
  return null;
}

/** Held in this process, per lock file: a second open of the same tty here shares it. */
const held = new Map<string, number>();

function takeLockFile(dir: string, name: string, path: string): string | null {
  const file = join(dir, name);
  const tmp = join(dir, `LTMP.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, hdbPid(process.pid));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // no such directory, or not ours to write: this convention is skipped
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(tmp, file); // atomic: fails if the lock exists
        return file;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      }
      const pid = readLockPid(file);
      if (pid === process.pid && held.has(file)) return file;
      if (pid !== null && pid > 0 && pid !== process.pid && pidAlive(pid)) {
        throw new TransportError('port-busy', `${path} is in use by PID ${pid} (lock file ${file}). Close that program, or stop ModemManager, and try again.`, `lock ${file} pid ${pid}`);
      }
      // stale (its owner is gone, or the file is unreadable): take it over, once
      try {
        unlinkSync(file);
      } catch {
        // someone else removed it first
      }
    }
    return null;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/** Who holds a flock / POSIX lock on this inode, from /proc/locks; null when not found. */
function lockHolder(fd: number): number | null {
  let locks: string;
  try {
    locks = readFileSync('/proc/locks', 'utf8');
  } catch {
    return null;
  }
  const st = fstatSync(fd);
  for (const line of locks.split('\n')) {
    // "1: FLOCK  ADVISORY  WRITE 4242 00:19:7 0 EOF"
    const m = /^\d+:\s+\S+\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (m && Number(m[2]) === st.ino && Number(m[1]) !== process.pid) return Number(m[1]);
  }
  return null;
}

/** A descriptor of our own on the tty holding flock(2), or null when flock is not available here. */
function takeFlock(path: string): number | null {
  let lfd: number;
  try {
    lfd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  // -n: do not wait; -E 75: a conflict exits 75 (EX_TEMPFAIL), told apart from a missing tool
  const r = spawnSync('flock', ['-n', '-x', '-E', '75', '0'], { stdio: [lfd, 'ignore', 'ignore'], timeout: 5000 });
  if (r.status === 0) return lfd;
  let holder: number | null = null;
  if (r.status === 75) holder = lockHolder(lfd);
  closeSync(lfd);
  if (r.status === 75) {
    throw new TransportError('port-busy', `${path} is in use${holder ? ` by PID ${holder}` : ' by another program'} (it holds flock on the port). Close that program and try again.`, `flock${holder ? ` pid ${holder}` : ''}`);
  }
  return null; // no flock tool here, or it failed for another reason: this convention is skipped
}

/**
 * Claims the tty at `path` (call it after opening the port, before reading from it). Throws
 * `port-busy` when a live program holds it; otherwise returns what could be taken.
 */
export function lockTty(path: string, options: TtyLockOptions = {}): TtyLock {
  let real = path;
  try {
    real = realpathSync(path); // a socat link and its /dev/pts/N are one port
  } catch {
    // keep the name given
  }
  const name = lockFileName(real);
  const envDir = process.env['BOOTHOLD_LOCK_DIR'];
  const dirs = options.lockDir ? [options.lockDir] : envDir ? [envDir] : DEFAULT_DIRS;
  let lockFile: string | null = null;
  for (const dir of dirs) {
    lockFile = takeLockFile(dir, name, path);
    if (lockFile) break;
  }
  if (lockFile) held.set(lockFile, (held.get(lockFile) ?? 0) + 1);
  const file = lockFile;
  const dropFile = (): void => {
    if (!file) return;
    const n = (held.get(file) ?? 1) - 1;
    if (n > 0) {
      held.set(file, n);
      return;
    }
    held.delete(file);
    if (readLockPid(file) === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
  let flockFd: number | null = null;
  if (options.flock !== false) {
    try {
      flockFd = takeFlock(path);
    } catch (e) {
      dropFile();
      throw e;
    }
  }
  const lfd = flockFd;
  let released = false;
  return {
    lockFile: file,
    flocked: lfd !== null,
    release: () => {
      if (released) return;
      released = true;
      if (lfd !== null) {
        try {
          closeSync(lfd); // the flock goes with its descriptor
        } catch {
          // already closed
        }
      }
      dropFile();
    },
  };
}
