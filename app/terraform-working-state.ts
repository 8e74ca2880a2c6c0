/**
 * What Terraform keeps in a synthesized stack directory, carried from one synth to the next so that plain
 * `terraform` users need not re-run `terraform init` after every synth: `.terraform/` (providers, backend
 * settings), local state files, and `.terraform.lock.hcl`.
 *
 * Provider lock files are also kept in the project, under `locks/<stack>.terraform.lock.hcl`, so provider
 * checksums are reviewed and pinned like code: copied into the stack directory at synth, and copied back when
 * `terraform init` changed the stack directory's copy (a newer file with other content).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '../core/output-file';

export const LOCK_FILE = '.terraform.lock.hcl';
/** Local state (the `local` backend writes it in the stack directory): state is never something a synth deletes. */
const LOCAL_STATE_FILES = ['terraform.tfstate', 'terraform.tfstate.backup'];

export function projectLockFile(locksDir: string, stack: string): string {
  return path.join(locksDir, `${stack}${LOCK_FILE}`);
}

function exists(file: string): boolean {
  return fs.existsSync(file);
}

/**
 * Copy a directory tree with hard links where possible (a provider binary is hundreds of MB), keeping symbolic
 * links as links (Terraform links providers from an unpacked mirror). The source is left intact, so a synth
 * killed half-way still leaves the previous tree whole.
 */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    }
  }
}

/**
 * Save a stack directory's lock file into `locksDir` when `terraform init` changed it: its content differs and
 * it is newer than the project's copy (an older stack copy means the project's was updated since, e.g. by a pull).
 * Returns whether the project's copy was written.
 */
export function saveLockFile(stackDir: string, locksDir: string, stack: string): boolean {
  const working = path.join(stackDir, LOCK_FILE);
  const kept = projectLockFile(locksDir, stack);
  if (!exists(working)) return false;
  const content = fs.readFileSync(working);
  if (exists(kept)) {
    if (fs.readFileSync(kept).equals(content)) return false;
    if (fs.statSync(working).mtimeMs <= fs.statSync(kept).mtimeMs) return false;
  }
  writeFileAtomically(kept, content);
  return true;
}

export interface CarryOptions {
  /** The project's `locks/` directory. @default none: lock files are carried between trees only */
  readonly locksDir?: string;
  /** Told about each lock file saved into `locksDir`. @default nothing */
  readonly onLockSaved?: (stack: string, file: string) => void;
}

/** Give each stack directory of `next` what Terraform kept in the same stack directory of `previous`. */
export function carryWorkingState(previous: string | undefined, next: string, options: CarryOptions = {}): void {
  const stacksDir = path.join(next, 'stacks');
  if (!exists(stacksDir)) return;
  for (const stack of fs.readdirSync(stacksDir)) {
    const to = path.join(stacksDir, stack);
    const from = previous === undefined ? undefined : path.join(previous, 'stacks', stack);
    if (from !== undefined && exists(from)) {
      if (exists(path.join(from, '.terraform'))) linkTree(path.join(from, '.terraform'), path.join(to, '.terraform'));
      for (const file of LOCAL_STATE_FILES) {
        if (exists(path.join(from, file))) fs.copyFileSync(path.join(from, file), path.join(to, file));
      }
    }
    const { locksDir } = options;
    if (locksDir !== undefined && from !== undefined && saveLockFile(from, locksDir, stack)) {
      options.onLockSaved?.(stack, projectLockFile(locksDir, stack));
    }
    const kept = locksDir === undefined ? undefined : projectLockFile(locksDir, stack);
    if (kept !== undefined && exists(kept)) fs.copyFileSync(kept, path.join(to, LOCK_FILE));
    else if (from !== undefined && exists(path.join(from, LOCK_FILE)))
      fs.copyFileSync(path.join(from, LOCK_FILE), path.join(to, LOCK_FILE));
  }
}
