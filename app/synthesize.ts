/**
 * Synthesis that never leaves the output directory missing, half-written or mixed:
 *
 * - Each synth writes a complete new tree (a generation) beside it, `<outdir>.gen-<id>/`, and `<outdir>` is a
 *   symbolic link to the current generation (a sibling, so `../../..` from a stack directory is still the
 *   project). Installing the new tree is one `rename(2)` of a new link over the old one, atomic
 *   on POSIX file systems: a reader, or a synth killed at any instant, sees the old tree or the new one, whole.
 * - Synths of one output directory are serialised by `<outdir>.lock` (see output-lock.ts); a lock left by a
 *   killed synth is taken over at once.
 * - What Terraform keeps in a stack directory is carried into the new tree (terraform-working-state.ts).
 * - Trees left by killed synths are removed by the next synth; failing to remove one is a warning, not a failure.
 *
 * An `<outdir>` that is a real directory (the layout before generations) becomes a generation once. An
 * `<outdir>` that is a symbolic link this code did not make is refused: replacing it would silently drop the
 * link the user made.
 */
import * as crypto from 'node:crypto';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- `import * as` would copy the module: a test makes one removal fail on the shared module object
import fs = require('node:fs');
import * as path from 'node:path';
import type * as HclTools from '@cdktf/hcl-tools';
import { UserError } from '../core/errors';
import { App } from '../platform/cdktf';
import { cleanHcl } from '../stacks/hcl';
import { acquireOutputLock, isLiveLockTemporary, type OutputLockOptions } from './output-lock';
import { carryWorkingState } from './terraform-working-state';

export interface SynthesizeOptions {
  /** Write `cdk.tf` (HCL that passes `terraform fmt -check`) instead of `cdk.tf.json`. @default false */
  readonly hcl?: boolean;
  /** The project's `locks/` directory of provider lock files, copied into each stack. @default none */
  readonly locksDir?: string;
  /** Waiting for a concurrent synth of the same outdir. @default see OutputLockOptions */
  readonly lock?: OutputLockOptions;
  /** Non-fatal problems (a stale tree that could not be removed, a lock file saved). @default stderr */
  readonly warn?: (message: string) => void;
}

/** A user error about the output directory itself: reported as one line, never with a stack trace. */
export class OutputDirectoryError extends UserError {}

const GENERATION = '.gen-';

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The generation `<outdir>` points to, as a path, or undefined when there is none yet. */
function currentGeneration(outdir: string): string | undefined {
  const stat = lstatOrUndefined(outdir);
  if (stat === undefined) return undefined;
  if (!stat.isSymbolicLink()) return undefined;
  const target = path.resolve(path.dirname(outdir), fs.readlinkSync(outdir));
  if (path.dirname(target) !== path.dirname(outdir) || !path.basename(target).startsWith(`${path.basename(outdir)}${GENERATION}`)) {
    throw new OutputDirectoryError(
      `${outdir} is a symbolic link to ${fs.readlinkSync(outdir)}, which synth did not make; remove the link, ` +
        'or point CDKTF_OUTDIR at the directory you want',
    );
  }
  return target;
}

/** Point `<outdir>` at `generation` with one rename (Windows: junctions cannot be renamed over, so two steps). */
function pointAt(outdir: string, generation: string): void {
  const link = `${outdir}.link-${process.pid}`;
  fs.rmSync(link, { force: true });
  if (process.platform === 'win32') {
    fs.symlinkSync(generation, link, 'junction');
    fs.rmSync(outdir, { force: true });
  } else {
    fs.symlinkSync(path.relative(path.dirname(outdir), generation), link);
  }
  fs.renameSync(link, outdir);
}

function newGeneration(outdir: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `${outdir}${GENERATION}${stamp}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
}

/** Remove what killed synths left: other generations, links, lock leftovers, and the older layout's trees. */
function removeStaleTrees(outdir: string, keep: string | undefined, warn: (message: string) => void): void {
  const parent = path.dirname(outdir);
  const base = path.basename(outdir);
  const leftovers = [GENERATION, '.tmp-', '.old-', '.link-', '.lock.'].map((infix) => `${base}${infix}`);
  for (const name of fs.readdirSync(parent)) {
    const full = path.join(parent, name);
    if (full === keep || isLiveLockTemporary(name)) continue;
    if (leftovers.some((prefix) => name.startsWith(prefix))) remove(full, warn);
  }
}

function remove(full: string, warn: (message: string) => void): void {
  try {
    fs.rmSync(full, { recursive: true, force: true });
  } catch (error) {
    warn(`warning: could not remove ${full} (${(error as NodeJS.ErrnoException).code ?? String(error)}); remove it by hand`);
  }
}

export async function synthesizeAtomically(outdir: string, build: (app: App) => void, options: SynthesizeOptions = {}): Promise<void> {
  outdir = path.resolve(outdir);
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const lock = await acquireOutputLock(`${outdir}.lock`, options.lock);
  try {
    let previous = currentGeneration(outdir);
    const stat = lstatOrUndefined(outdir);
    if (stat !== undefined && !stat.isSymbolicLink()) {
      if (!stat.isDirectory()) throw new OutputDirectoryError(`${outdir} exists and is not a directory; move it away`);
      // The layout before generations: adopt the directory as the current generation (once per checkout).
      previous = newGeneration(outdir);
      fs.renameSync(outdir, previous);
      pointAt(outdir, previous);
    }
    removeStaleTrees(outdir, previous, warn);

    const next = newGeneration(outdir);
    try {
      synthesize(next, build, options.hcl ?? false);
      if (options.hcl) await cleanHclStacks(next);
      carryWorkingState(previous, next, {
        locksDir: options.locksDir,
        onLockSaved: (stack, file) =>
          warn(`${stack}: terraform init changed its provider lock file; saved it to ${path.relative(process.cwd(), file) || file}`),
      });
    } catch (error) {
      remove(next, warn);
      throw error;
    }
    if (!lock.held()) {
      remove(next, warn);
      throw new OutputDirectoryError(`another process broke the synth lock of ${outdir}; nothing was installed, synthesize again`);
    }
    pointAt(outdir, next);
    if (previous !== undefined) remove(previous, warn);
  } finally {
    lock.release();
  }
}

function synthesize(outdir: string, build: (app: App) => void, hcl: boolean): void {
  // cdktf 0.21 names the file from the App's `hclOutput` but renders each stack from the SYNTH_HCL_OUTPUT
  // environment variable (read when the stack is constructed); set both for the synchronous build + synth.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    fs.mkdirSync(outdir);
    // No stack traces in construct metadata: output must not depend on where the code ran.
    const app = new App({ outdir, stackTraces: false, hclOutput: hcl });
    build(app);
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

async function cleanHclStacks(dir: string): Promise<void> {
  // Loaded only for HCL output: it starts a WebAssembly build of hclwrite.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- not `import()`: the bundle runs from a vm.Script, which has no dynamic-import hook
  const { format } = require('@cdktf/hcl-tools') as typeof HclTools;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  for (const stack of Object.values(manifest.stacks)) {
    const file = path.join(dir, stack.synthesizedStackPath);
    fs.writeFileSync(file, await cleanHcl(fs.readFileSync(file, 'utf8'), format));
  }
}
