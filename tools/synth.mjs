// `npm run synth` and cdktf.json's `app`: build dist/ if sources changed (esbuild, no type-check), then run the
// app in this same process, so a synth costs one Node start-up.
//
// The bundle runs with a V8 code cache (tools/load-bundle.js).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import loadBundle from './load-bundle.js';

/**
 * Synthesize in this process. `hcl`: cdk.tf instead of cdk.tf.json, the same switch `cdktf synth --hcl` sets.
 * `built`: the caller has just run build() (tools/dms.mjs), so the inputs are not hashed twice.
 */
export async function synth({ hcl = false, built = false } = {}) {
  process.env.CHECKPOINT_DISABLE ??= '1';
  if (hcl) process.env.SYNTH_HCL_OUTPUT = 'true';
  if (!built) await build();
  loadBundle(fileURLToPath(new URL('../dist/main.js', import.meta.url)));
}

// cdktf.json's `app` (and `node tools/synth.mjs [--hcl]`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await synth({ hcl: process.argv.includes('--hcl') });
