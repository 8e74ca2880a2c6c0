/**
 * Synthesis that never leaves a half-written or emptied output directory: stacks are synthesized into a
 * sibling temporary directory, which replaces the previous output only when everything succeeded.
 */
import * as fs from 'node:fs';
import { App } from '../platform/cdktf';

export interface SynthesizeOptions {
  /** Write `cdk.tf` (HCL) instead of `cdk.tf.json`. Default false. */
  readonly hcl?: boolean;
}

export function synthesizeAtomically(outdir: string, build: (app: App) => void, options: SynthesizeOptions = {}): void {
  const staging = `${outdir}.tmp-${process.pid}`;
  const previous = `${outdir}.old-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    // No stack traces in construct metadata: output must not depend on where the code ran.
    const app = new App({ outdir: staging, stackTraces: false, hclOutput: options.hcl ?? false });
    build(app);
    app.synth();
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = fs.existsSync(outdir);
  if (hadPrevious) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}
