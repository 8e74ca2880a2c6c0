/**
 * Synthesis that never leaves a half-written or emptied output directory: stacks are synthesized into a
 * sibling temporary directory, which replaces the previous output only when everything succeeded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from '../platform/cdktf';
import { cleanHcl } from './hcl';

export interface SynthesizeOptions {
  /** Write `cdk.tf` (HCL that passes `terraform fmt -check`) instead of `cdk.tf.json`. Default false. */
  readonly hcl?: boolean;
}

export async function synthesizeAtomically(
  outdir: string,
  build: (app: App) => void,
  options: SynthesizeOptions = {},
): Promise<void> {
  const staging = `${outdir}.tmp-${process.pid}`;
  const previous = `${outdir}.old-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  try {
    synthesize(staging, build, options.hcl ?? false);
    if (options.hcl) await cleanHclStacks(staging);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = fs.existsSync(outdir);
  if (hadPrevious) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}

function synthesize(outdir: string, build: (app: App) => void, hcl: boolean): void {
  // cdktf 0.21 names the file from the App's `hclOutput` but renders each stack from the SYNTH_HCL_OUTPUT
  // environment variable (read when the stack is constructed); set both for the synchronous build + synth.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
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
  // Loaded only for HCL output: it starts a WebAssembly build of hclwrite. (`require`, not `import()`: the
  // bundle runs from a vm.Script, which has no dynamic-import hook.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { format } = require('@cdktf/hcl-tools') as typeof import('@cdktf/hcl-tools');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  for (const stack of Object.values(manifest.stacks)) {
    const file = path.join(dir, stack.synthesizedStackPath);
    fs.writeFileSync(file, await cleanHcl(fs.readFileSync(file, 'utf8'), format));
  }
}
