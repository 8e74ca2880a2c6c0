/**
 * The GitHub Actions templates under .github/workflows/: each validates against the workflow schema
 * (@action-validator/cli), and every command a step runs is one README's "CI templates" section shows, so the
 * documented workflow and the one CI runs cannot drift apart.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';

jest.setTimeout(60_000);

const root = projectRoot();
const workflowsDir = path.join(root, '.github', 'workflows');
const workflows = fs
  .readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const validator = path.join(root, 'node_modules', '.bin', 'action-validator');
function validate(file: string) {
  if (!fs.existsSync(validator)) throw new Error(`${validator} is missing: run npm ci (devDependency @action-validator/cli)`);
  return spawnSync(validator, [file], { encoding: 'utf8' });
}

/** The `run:` commands of a workflow. Only one-line commands are used, so each can be quoted in README. */
function runCommands(file: string): string[] {
  const commands: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*(?:-\s+)?run:\s*(.*)$/.exec(line);
    if (!match) continue;
    if (/^[|>]/.test(match[1]))
      throw new Error(`${path.basename(file)}: multi-line run blocks are not supported by this check: ${line.trim()}`);
    commands.push(match[1].trim());
  }
  return commands;
}

function readmeSection(heading: string): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const next = readme.slice(start + heading.length + 2).search(/\n#{2,3} /);
  return next < 0 ? readme.slice(start) : readme.slice(start, start + heading.length + 2 + next);
}

test('GIVEN the repository THEN it has the pull-request and Terraform Cloud workflows', () => {
  expect(workflows).toEqual(expect.arrayContaining(['pull-request.yml', 'terraform-cloud.yml']));
});

test.each(workflows)('GIVEN %s WHEN validated with action-validator THEN it has no errors', (workflow) => {
  const result = validate(path.join(workflowsDir, workflow));
  expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
});

test('GIVEN a workflow with a misspelt key and an unknown event WHEN validated THEN the validator rejects it (the check is live)', () => {
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dms-workflow-')), 'broken.yml');
  const source = fs.readFileSync(path.join(workflowsDir, 'pull-request.yml'), 'utf8');
  fs.writeFileSync(broken, source.replace('runs-on:', 'runs_on:').replace('pull_request:', 'pull_requests:'));
  const result = validate(broken);
  expect(result.status).not.toBe(0);
  expect(`${result.stdout}${result.stderr}`).toContain("Additional property 'runs_on' is not allowed");
  fs.rmSync(path.dirname(broken), { recursive: true, force: true });
});

test.each(workflows)(
  'GIVEN %s THEN every command it runs is shown in README "CI templates", and every npm script it calls exists',
  (workflow) => {
    const section = readmeSection('### CI templates');
    const commands = runCommands(path.join(workflowsDir, workflow));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((command) => !section.includes(command))).toEqual([]);
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts);
    const called = commands.flatMap((command) => [...command.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]));
    expect(called.filter((script) => !scripts.includes(script))).toEqual([]);
  },
);

test('GIVEN the pull-request workflow THEN plans get OIDC credentials, the review is posted, and the gate can fail the job', () => {
  const source = fs.readFileSync(path.join(workflowsDir, 'pull-request.yml'), 'utf8');
  expect(source).toContain('id-token: write');
  expect(source).toContain('uses: aws-actions/configure-aws-credentials@v4');
  expect(source).toContain('role-to-assume:');
  expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  expect(source).toContain('pull-requests: write');
  expect(source).toMatch(/run: gh pr comment "\$PR" --body-file review\.md/);
  expect(source).toMatch(/name: gate\n\s+if: steps\.review\.outcome != 'success' \|\| needs\.plan\.result != 'success'\n\s+run: .*exit 1/);
});
