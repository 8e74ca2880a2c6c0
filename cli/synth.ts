/**
 * `dms synth [--hcl]` (`npm run synth`): the active config's stacks into cdktf.out. tools/dms.mjs reads this
 * command line with `synthCommandLine` from a bundle of this module alone (dist/cli/synth-command-line.js, a few
 * kB), then runs the synth in its own process: one Node start-up, as `node tools/synth.mjs`.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from '../core/paths';
import { defineCommand, enterUserDirectory, prepare } from './command';

export const command = defineCommand({
  name: 'synth',
  summary: 'synthesize the active config: one stack per pipeline into cdktf.out/stacks/<stack>/',
  usage: '[--hcl]',
  description: `Loads the active config (the TypeScript default, or DMS_CONFIG=<file.json>), checks it, and writes
cdktf.out/stacks/<stack>/cdk.tf.json for every pipeline (CDKTF_OUTDIR for another directory). Nothing is
synthesized when the config has a problem: the previous cdktf.out stays as it was. DMS_STRICT=1 makes
warnings errors.`,
  flags: {
    hcl: { type: 'boolean', help: 'write cdk.tf (HCL) instead of cdk.tf.json, as cdktf synth --hcl does' },
  },
  examples: ['npx dms synth'],
  exitCodes: { 0: 'synthesized', 1: 'a problem with the config: nothing was synthesized' },
  // Reached only through `node dist/cli/dms.js synth`: the same entry as tools/dms.mjs, in a child process.
  run: ({ values }) =>
    spawnSync(process.execPath, [path.join(projectRoot(), 'tools', 'synth.mjs'), ...(values.hcl ? ['--hcl'] : [])], { stdio: 'inherit' })
      .status ?? 1,
});

/** The synth's options, or undefined when the command line was `--help` or bad (already printed, exit code set). */
export function synthCommandLine(args: readonly string[]): { hcl: boolean } | undefined {
  enterUserDirectory();
  const input = prepare(command.spec, args);
  return input && { hcl: input.values.hcl === true };
}
