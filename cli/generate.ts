/**
 * `npm run generate`: regenerate every committed artefact derived from the config, the mappings and the code,
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
import { runCommand } from '../app/run-command';

const USAGE = `usage: npm run generate [-- --no-snapshots]

Regenerates the JSON Schema, the example configs, prereqs/, validation/, runbooks/, committed terraform/<stack>/
output and the default stacks' Jest snapshots. Run it after editing config/ or mappings/, then commit the result.

  --no-snapshots   leave the Jest snapshots alone
  --help           this text
`;

// The active config's stacks; the fixture stacks' snapshots, for a change of the code.
const SNAPSHOT_SUITES = ['__tests__/app/active-stacks.test.ts', '__tests__/stacks/dms-pipeline-stack.test.ts', '__tests__/stacks/dms-pipeline-stack.dynamodb.test.ts'];

function run(root: string, what: string, command: string, args: string[]): void {
  process.stdout.write(`> ${what}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, DMS_CONFIG: '', CHECKPOINT_DISABLE: '1' } });
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

runCommand(() => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const unknown = args.filter((arg) => arg !== '--no-snapshots');
  if (unknown.length > 0) throw new UserError(`${unknown.join(' ')}: not an option\n\n${USAGE}`);
  const root = projectRoot();
  const node = process.execPath;
  const dist = (script: string) => path.join(root, 'dist', 'cli', `${script}.js`);
  run(root, 'JSON Schema', node, [path.join(root, 'dist', 'tools', 'generate-pipeline-schema.js')]);
  writeExamples(root);
  run(root, 'synth', node, [path.join(root, 'tools', 'synth.mjs')]);
  run(root, 'prerequisites and validation queries', node, [dist('prereqs'), '--all']);
  run(root, 'runbooks', node, [dist('runbook'), '--all']);
  if (hasCommittedStacks(root)) run(root, 'committed Terraform Cloud output', node, [dist('vcs-out')]);
  if (!args.includes('--no-snapshots')) {
    run(root, 'snapshots', node, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci=false', '-u', ...SNAPSHOT_SUITES]);
  }
});
