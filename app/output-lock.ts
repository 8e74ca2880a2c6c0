/**
 * A lock that serialises synths of one output directory across processes.
 *
 * The lock is a file naming its holder: pid, the process's start time (so a reused pid is not mistaken for the
 * holder) and a random token. It is created with `link(2)` from a fully written temporary file, so it is never
 * seen empty. A holder that is gone is detected at once from /proc (a process killed with SIGKILL stays a zombie
 * until its parent reaps it, 1–3 s on a busy machine, and `kill(pid, 0)` succeeds on a zombie, so the process
 * state is read, not just its existence); elsewhere `kill(pid, 0)` is the best available check.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../core/errors';

export interface OutputLockOptions {
  /** How long to wait for another synth. @default 120 s, or `DMS_SYNTH_LOCK_TIMEOUT` seconds */
  readonly timeoutMs?: number;
  /** Told once when this synth has to wait. @default a line on stderr */
  readonly onWait?: (holderPid: number) => void;
}

export interface HeldLock {
  /** True while the lock file still names this process (false only if another process broke it wrongly). */
  held(): boolean;
  release(): void;
}

class OutputLockTimeout extends UserError {}

interface Holder {
  readonly pid: number;
  readonly start: string;
}

const POLL_MS = 50;

/** The start time of a running process ('' where the platform cannot tell), or undefined if it is not running. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
    // `pid (comm) state ppid ...`: comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return fields[19] ?? '';
  }
  try {
    process.kill(pid, 0);
    return '';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? '' : undefined;
  }
}

function parseHolder(content: string): Holder | undefined {
  const match = /^(\d+) (\d*) [0-9a-f]+\n$/.exec(content);
  return match ? { pid: Number(match[1]), start: match[2] ?? '' } : undefined;
}

function isRunning(holder: Holder): boolean {
  const start = processStartTime(holder.pid);
  return start !== undefined && (holder.start === '' || start === '' || start === holder.start);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Move a dead holder's lock aside. If, between reading it and moving it, a live process took the lock, the moved
 * file is not the one observed: it is linked back (the live holder keeps its lock).
 */
function breakStaleLock(lockFile: string, observed: string): void {
  const grave = `${lockFile}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockFile, grave);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readOrUndefined(grave) !== observed) {
    try {
      fs.linkSync(grave, lockFile);
    } catch {
      // Someone else holds it now; the displaced holder notices before installing (HeldLock.held).
    }
  }
  fs.rmSync(grave, { force: true });
}

/** Whether a file in the lock's directory is a lock-in-progress of a process that is still running. */
export function isLiveLockTemporary(name: string): boolean {
  const match = /\.lock\.(\d+)\.[0-9a-f]+$/.exec(name);
  return match !== null && processStartTime(Number(match[1])) !== undefined;
}

export async function acquireOutputLock(lockFile: string, options: OutputLockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? Number(process.env.DMS_SYNTH_LOCK_TIMEOUT ?? 120) * 1000;
  const token = `${process.pid} ${processStartTime(process.pid) ?? ''} ${crypto.randomBytes(8).toString('hex')}\n`;
  const temporary = `${lockFile}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, token);
  const deadline = Date.now() + timeoutMs;
  let toldWaiting = false;
  try {
    for (;;) {
      try {
        fs.linkSync(temporary, lockFile);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const content = readOrUndefined(lockFile);
      if (content === undefined) continue;
      const holder = parseHolder(content);
      if (holder === undefined || !isRunning(holder)) {
        breakStaleLock(lockFile, content);
        continue;
      }
      if (Date.now() > deadline) {
        throw new OutputLockTimeout(
          `another synth (pid ${holder.pid}) has held ${lockFile} for over ${Math.round(timeoutMs / 1000)} s; ` +
            'wait for it to finish, or stop it (set DMS_SYNTH_LOCK_TIMEOUT to wait longer)',
        );
      }
      if (!toldWaiting) {
        toldWaiting = true;
        (options.onWait ?? ((pid) => process.stderr.write(`waiting for the synth running as pid ${pid} to finish\n`)))(holder.pid);
      }
      await sleep(POLL_MS);
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  const held = () => readOrUndefined(lockFile) === token;
  return {
    held,
    release: () => {
      if (held()) fs.rmSync(lockFile, { force: true });
    },
  };
}
