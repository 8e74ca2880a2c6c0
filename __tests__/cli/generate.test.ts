/**
 * `npm run generate` rebuilds every committed artefact from the sources: in a copy of the project with those
 * artefacts deleted, it writes them back byte for byte (so the committed ones are what the sources give).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { fingerprint } from '../support/fingerprint';
import { type ProjectCopy, copyProject } from '../support/project-copy';

const GENERATED_DIRS = ['prereqs', 'validation', 'runbooks', path.join('config', 'examples')];
const GENERATED_FILES = [path.join('config', 'pipeline.schema.json')];
let project: ProjectCopy;

beforeAll(() => {
  project = copyProject('dms-generate-');
});
afterAll(() => project.remove());

test('GIVEN the generated artefacts deleted WHEN npm run generate runs THEN each is written back as committed', () => {
  // GIVEN: what the checkout has, then nothing of it in the copy
  const committed = Object.fromEntries(
    GENERATED_DIRS.filter((dir) => fs.existsSync(path.join(projectRoot(), dir))).map((dir) => [
      dir,
      fingerprint(path.join(projectRoot(), dir)),
    ]),
  );
  expect(Object.keys(committed).length).toBeGreaterThan(0);
  for (const dir of GENERATED_DIRS) fs.rmSync(path.join(project.root, dir), { recursive: true, force: true });
  for (const file of GENERATED_FILES) fs.rmSync(path.join(project.root, file), { force: true });

  // WHEN
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.DMS_CONFIG;
  delete env.CDKTF_OUTDIR;
  const result = spawnSync('node', ['tools/build.mjs'], { cwd: project.root, env, encoding: 'utf8' });
  expect(result.status).toBe(0);
  const generate = spawnSync('node', ['dist/cli/generate.js', '--no-snapshots'], { cwd: project.root, env, encoding: 'utf8' });
  expect(generate.stderr).toBe('');
  expect(generate.status).toBe(0);

  // THEN
  for (const [dir, files] of Object.entries(committed)) expect(fingerprint(path.join(project.root, dir))).toEqual(files);
  for (const file of GENERATED_FILES) {
    expect(fs.readFileSync(path.join(project.root, file), 'utf8')).toBe(fs.readFileSync(path.join(projectRoot(), file), 'utf8'));
  }
}, 120_000);

test('GIVEN --help WHEN run THEN it prints the usage and exits 0; GIVEN an unknown flag THEN exit 2 with the usage', () => {
  // GIVEN --help WHEN run THEN the usage, exit 0
  const help = spawnSync('node', ['dist/cli/generate.js', '--help'], { cwd: project.root, encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: dms generate/);
  // GIVEN a flag generate does not have WHEN run THEN exit 2, the flag named, then the usage
  const bad = spawnSync('node', ['dist/cli/generate.js', '--bogus'], { cwd: project.root, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^--bogus: not a flag of dms generate .*\n\nUsage: dms generate/);
});
