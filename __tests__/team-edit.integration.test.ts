/**
 * The team's daily edits break no test: in a copy of the project, two more tables in the Redshift mapping file,
 * a dev copy of the Redshift pipeline in another account and a bigger instance class (support/team-edit.ts),
 * then `npm run generate`, then the unit suite and the command suite pass with no test edited. Both run in one
 * Jest process (`jest --selectProjects unit commands`, what `npm run test:unit` and `npm run test:commands` run
 * one after the other), so its two workers stay busy across both and Jest starts once.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ProjectCopy, copyProject } from './support/project-copy';
import { TEAM_EDIT, applyTeamEdit } from './support/team-edit';

let project: ProjectCopy;
beforeAll(() => {
  project = copyProject('dms-team-edit-', { withTests: true });
});
afterAll(() => project.remove());

/** The environment a team member runs commands in: no test worker's or developer's overrides. */
function teamEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('DMS_') || name.startsWith('JEST_') || name === 'CDKTF_OUTDIR') delete env[name];
  return env;
}
const spawnOptions = () => ({ cwd: project.root, env: teamEnv(), encoding: 'utf8' as const, maxBuffer: 64 * 1024 * 1024 });
/** `npm run <script>` in the copy, as a team member runs it. */
const npmRun = (script: string) => spawnSync('npm', ['run', '--silent', script], spawnOptions());
/** The copy's own Jest (the one its npm scripts run) with `args`. */
const runJest = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(project.root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args], spawnOptions());

test('GIVEN two tables, a dev pipeline in another account and a new instance class WHEN npm run generate runs THEN the unit suite passes unedited', () => {
  // GIVEN
  const testsBefore = fs
    .readdirSync(path.join(project.root, '__tests__'), { recursive: true })
    .filter((file) => String(file).endsWith('.test.ts')).length;
  applyTeamEdit(project.root);

  // WHEN
  const generate = npmRun('generate');
  expect(`${generate.stdout}\n${generate.stderr}`).not.toMatch(/failed \(exit/);
  expect(generate.status).toBe(0);
  const suites = runJest('--selectProjects', 'unit', 'commands');

  // THEN: both suites passed, and they ran on the edited project
  expect(suites.status === 0 ? '' : `${suites.stdout}\n${suites.stderr}`).toBe('');
  expect(suites.stderr).toMatch(/Tests: +\d+ passed, \d+ total/);
  expect(suites.stderr).toContain('Ran all test suites in 2 projects.');
  for (const name of ['unit', 'commands']) expect(suites.stderr).toMatch(new RegExp(`^PASS ${name} `, 'm'));
  const synthesized = (stack: string) =>
    JSON.parse(fs.readFileSync(path.join(project.root, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  expect(synthesized(TEAM_EDIT.devPipeline).provider.aws[0].allowed_account_ids).toEqual([TEAM_EDIT.devAccount]);
  expect(synthesized('redshift-fed-prod').resource.aws_dms_replication_instance.replication_instance.replication_instance_class).toBe(
    TEAM_EDIT.instanceClass,
  );
  const prereqs = fs.readFileSync(path.join(project.root, 'prereqs', `${TEAM_EDIT.devPipeline}.sql`), 'utf8');
  for (const table of TEAM_EDIT.tables) expect(prereqs).toContain(`dbo.${table}`);
  const snapshots = fs.readFileSync(path.join(project.root, '__tests__', 'app', '__snapshots__', 'active-stacks.test.ts.snap'), 'utf8');
  expect(snapshots).toContain(`active stack ${TEAM_EDIT.devPipeline} `);
  expect(snapshots).toContain(`active stack dms-account-${TEAM_EDIT.devAccount} `);
  // No test file was added or removed (snapshots and generated files are not tests).
  expect(
    fs.readdirSync(path.join(project.root, '__tests__'), { recursive: true }).filter((file) => String(file).endsWith('.test.ts')).length,
  ).toBe(testsBefore);
}, 900_000);
