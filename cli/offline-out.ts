/**
 * `dms offline-out [--out <dir>]`: a copy of the synthesized tree that `cdktf diff` (or plain
 * `terraform plan`) can run without AWS or network, for
 * `npm run cdktf -- diff <stack> --skip-synth --skip-provider-lock -o cdktf.out.offline`.
 *
 * Each stack gets README's offline override (local backend, test credentials, skip flags, no
 * `allowed_account_ids`, so no STS call), and the tree gets `terraform-offline.tfrc`, a CLI config installing
 * providers from the mirror (TF_PLUGIN_MIRROR or `.terraform-mirror/`). `cdktf.out` itself is not touched, so
 * its stacks keep their real backends and `.terraform/` state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { readJsonFile } from '../core/input-file';
import { projectRoot } from '../core/paths';
import { findPluginMirror, offlineCopy, offlineOverride, offlineTerraformEnvironment } from '../app/terraform-offline';
import type { Json } from '../review/synthesized';
import { defineCommand } from './command';

export const DEFAULT_OFFLINE_OUT = 'cdktf.out.offline';

export function writeOfflineTree(source: string, target: string, mirror: string): { stacks: string[]; cliConfigFile: string } {
  const manifestFile = path.join(source, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new ValidationFailed([{ path: source, message: 'no manifest.json: run npm run synth first' }]);
  const { value: manifest, problem } = readJsonFile(manifestFile, Number.MAX_SAFE_INTEGER);
  if (problem !== undefined) throw new ValidationFailed([{ path: manifestFile, message: problem }]);
  const listed: unknown = manifest !== null && typeof manifest === 'object' && 'stacks' in manifest ? manifest.stacks : undefined;
  if (listed === null || typeof listed !== 'object')
    throw new ValidationFailed([{ path: manifestFile, message: 'is not a cdktf manifest (no "stacks" object): run npm run synth' }]);
  const workingDirectories = new Map(
    Object.entries(listed).map(([stack, entry]: [string, unknown]) => [
      stack,
      entry !== null && typeof entry === 'object' && 'workingDirectory' in entry && typeof entry.workingDirectory === 'string'
        ? entry.workingDirectory
        : undefined,
    ]),
  );
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(manifestFile, path.join(target, 'manifest.json'));
  const stacks = [...workingDirectories.keys()].sort();
  const problems: ValidationIssue[] = [];
  for (const stack of stacks) {
    const workingDirectory = workingDirectories.get(stack);
    if (workingDirectory === undefined) {
      problems.push({ path: `${stack}`, message: `${manifestFile} gives it no workingDirectory` });
      continue;
    }
    const file = path.join(source, workingDirectory, 'cdk.tf.json');
    const tf: Json = fs.existsSync(file) ? readJsonFile(file, Number.MAX_SAFE_INTEGER).value : undefined;
    const region: unknown = tf?.provider?.aws?.[0]?.region;
    if (typeof region !== 'string') {
      problems.push({
        path: `${stack}`,
        message: 'provider.aws[0].region not found (offline copies need the JSON output: npm run synth, not synth:hcl)',
      });
      continue;
    }
    offlineCopy(path.join(source, workingDirectory), path.join(target, workingDirectory), offlineOverride(region));
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  const { cliConfigFile } = offlineTerraformEnvironment(mirror, target);
  return { stacks, cliConfigFile };
}

export const command = defineCommand({
  name: 'offline-out',
  summary: 'copy cdktf.out into a tree cdktf diff / terraform plan can run without AWS or network',
  usage: '[--out <dir>]',
  description: `Each stack gets the offline override (local backend, test credentials, skip flags, no allowed_account_ids,
so no STS call), and the tree gets terraform-offline.tfrc, a CLI config installing providers from the mirror
(TF_PLUGIN_MIRROR or .terraform-mirror/). cdktf.out itself is not touched.`,
  flags: {
    out: { type: 'string', placeholder: 'dir', help: `where to write the copy (default ${DEFAULT_OFFLINE_OUT})` },
  },
  examples: ['TF_PLUGIN_MIRROR=/opt/tf-plugins npx dms offline-out --out /tmp/offline'],
  exitCodes: { 0: 'the offline tree was written', 1: 'no provider mirror, or cdktf.out is missing or not JSON output' },
  run: ({ values }) => offlineOut(values.out),
});

function offlineOut(outFlag: string | undefined): void {
  const root = projectRoot();
  const out = outFlag !== undefined ? path.resolve(outFlag) : path.join(root, DEFAULT_OFFLINE_OUT);
  const problems: ValidationIssue[] = [];
  const { mirror, problem } = findPluginMirror(process.env, root);
  if (!mirror) problems.push({ path: 'TF_PLUGIN_MIRROR', message: problem ?? 'no provider mirror' });
  if (problems.length > 0 || !mirror) throw new ValidationFailed(problems);
  const source = process.env.CDKTF_OUTDIR ? path.resolve(process.env.CDKTF_OUTDIR) : path.join(root, 'cdktf.out');
  const { stacks, cliConfigFile } = writeOfflineTree(source, out, mirror);
  const relative = path.relative(process.cwd(), out) || '.';
  process.stdout.write(
    [
      `${relative}: ${stacks.join(', ')} with the offline override; providers from ${mirror}`,
      'Then, for example:',
      `  export TF_CLI_CONFIG_FILE=${cliConfigFile}`,
      `  npm run cdktf -- diff ${stacks[0]} --skip-synth --skip-provider-lock -o ${relative}`,
      '',
    ].join('\n'),
  );
}
