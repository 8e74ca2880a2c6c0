/**
 * `dms generate` (`npm run generate`): regenerate every committed artefact derived from the config, the mappings and the code,
 * so the team's daily edits (a table in a mapping, a new pipeline, an instance class) need this one command
 * before commit, never a test edit:
 *
 * - `config/pipeline.schema.json` (from config/schema.ts),
 * - `config/examples/<stack>.json` (each default pipeline as JSON, for DMS_CONFIG),
 * - `prereqs/<stack>.sql` and `validation/<stack>.*` (npm run prereqs -- --all),
 * - `runbooks/<stack>.md` (npm run runbook -- --all),
 * - `terraform/<stack>/` for stacks committed for Terraform Cloud VCS runs (npm run vcs-out),
 * - the Jest snapshots of the default stacks' synthesized JSON (and of the test fixtures' stacks).
 *
 * Each step runs as its own command, exactly as a user would run it; the first failure stops the rest.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../config/default';
import { UserError } from '../core/errors';
import { writeFileAtomically } from '../core/output-file';
import { projectRoot } from '../core/paths';
import { defineCommand } from './command';

// The active config's stacks; the fixture stacks' snapshots, for a change of the code.
const SNAPSHOT_SUITES = [
  '__tests__/app/active-stacks.test.ts',
  '__tests__/stacks/dms-pipeline-stack.test.ts',
  '__tests__/stacks/dms-pipeline-stack.dynamodb.test.ts',
];

function run(root: string, what: string, command: string, args: string[]): void {
  process.stdout.write(`> ${what}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DMS_CONFIG: '', CHECKPOINT_DISABLE: '1' },
  });
  if (result.status !== 0) throw new UserError(`${what} failed (exit ${result.status ?? result.signal}); nothing after it was regenerated`);
}

/** config/examples/<stack>.json: the TypeScript default pipelines, one file each, as DMS_CONFIG reads them. */
function writeExamples(root: string): void {
  for (const pipeline of defaultConfig.pipelines) {
    const file = path.join(root, 'config', 'examples', `${pipeline.name}.json`);
    const text = `${JSON.stringify({ $schema: '../pipeline.schema.json', pipelines: [pipeline] }, null, 2)}\n`;
    const written = writeFileAtomically(file, text);
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${written ? 'written' : 'up to date'}\n`);
  }
}

/** Whether any stack is committed for Terraform Cloud VCS runs (`terraform/<stack>/cdk.tf.json`). */
function hasCommittedStacks(root: string): boolean {
  const dir = path.join(root, 'terraform');
  return fs.existsSync(dir) && fs.readdirSync(dir).some((name) => fs.existsSync(path.join(dir, name, 'cdk.tf.json')));
}

export const command = defineCommand({
  name: 'generate',
  summary: 'regenerate every committed artefact derived from config/, mappings/ and the code',
  usage: '[--no-snapshots]',
  description: `Regenerates the JSON Schema, the example configs, prereqs/, validation/, runbooks/, committed
terraform/<stack>/ output and the default stacks' Jest snapshots. Run it after editing config/ or mappings/,
then commit the result. Each step runs as its own command; the first failure stops the rest.`,
  flags: {
    'no-snapshots': { type: 'boolean', help: 'leave the Jest snapshots alone' },
  },
  examples: ['npx dms generate'],
  exitCodes: { 0: 'everything regenerated', 1: 'a step failed; nothing after it was regenerated' },
  run: ({ values }) => generate(values['no-snapshots'] === true),
});

function generate(noSnapshots: boolean): void {
  const root = projectRoot();
  const node = process.execPath;
  const dms = (name: string, ...args: string[]) => [path.join(root, 'dist', 'cli', 'dms.js'), name, ...args];
  run(root, 'JSON Schema', node, dms('schema'));
  writeExamples(root);
  run(root, 'synth', node, [path.join(root, 'tools', 'synth.mjs')]);
  run(root, 'prerequisites and validation queries', node, dms('prereqs', '--all'));
  run(root, 'runbooks', node, dms('runbook', '--all'));
  if (hasCommittedStacks(root)) run(root, 'committed Terraform Cloud output', node, dms('vcs-out'));
  if (!noSnapshots) {
    run(root, 'snapshots', node, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci=false', '-u', ...SNAPSHOT_SUITES]);
  }
}
