/**
 * `dms`, the one command (package.json `bin`, tools/dms.mjs): every subcommand's `--help` prints its usage and
 * does nothing else, a bad command line exits 2 with the usage, paths are relative to the directory the user
 * ran from (through npx and npm run), and `--json` is clean JSON on stdout. In a copy of the project, so a
 * command that wrongly does its work on `--help` cannot touch the checkout.
 *
 * The commands are independent processes: they run two at a time (the machine's cores), asynchronously.
 */
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_NAMES, loadCommand, loadCommands } from '../../cli/dms';
import { must } from '../support/must';
import { type ProjectCopy, copyProject } from '../support/project-copy';

let project: ProjectCopy;
const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
delete env.DMS_CONFIG;
delete env.CDKTF_OUTDIR;
delete env.INIT_CWD;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const dms = (args: string[], cwd = project.root) => run(process.execPath, [path.join(project.root, 'tools', 'dms.mjs'), ...args], cwd);
const npx = (args: string[], cwd: string) => run('npx', ['--offline', 'dms', ...args], cwd);
const npmRun = (args: string[], cwd: string) => run('npm', ['run', ...args], cwd);

/** `tasks`, at most `limit` at a time, results in order. */
async function pooled<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < tasks.length; index = next++) results[index] = await tasks[index]();
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** Every file of the copy but node_modules (a link to the checkout's), as path → SHA-256. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (full === path.join(project.root, 'node_modules')) continue;
      if (entry.isDirectory()) walk(full);
      else
        files[path.relative(project.root, full)] = entry.isFile()
          ? crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex')
          : 'link';
    }
  };
  walk(project.root);
  return files;
}

/** A table mapping that passes every check, written where a user would keep one of their own. */
const MAPPING = {
  rules: [
    {
      'rule-type': 'selection',
      'rule-id': '1',
      'rule-name': 'all-dbo',
      'object-locator': { 'schema-name': 'dbo', 'table-name': '%' },
      'rule-action': 'include',
    },
  ],
};

/** Each command's runs on a bad or a help command line (none may change the copy), and the copy around them. */
interface CommandRuns {
  help: Run;
  h: Run;
  allHelp: Run;
  badFlag: Run;
}
const runs = new Map<string, CommandRuns>();
let before: Record<string, string>;
let after: Record<string, string>;

beforeAll(async () => {
  project = copyProject('dms-cli-');
  // The first command builds dist/ in the copy; every later one finds it up to date.
  const built = await dms(['--help']);
  expect(built.status).toBe(0);
  // Every command's --help, -h, --all --help and --no-such-flag runs, two at a time, between one snapshot of the
  // copy before and one after: a run that changes anything shows in the second (each test below asserts both).
  before = snapshot();
  const lines = (name: string) => [
    [name, '--help'],
    [name, '-h'],
    [name, '--all', '--help'],
    [name, '--no-such-flag'],
  ];
  const results = await pooled(COMMAND_NAMES.flatMap((name) => lines(name).map((args) => () => dms(args))));
  COMMAND_NAMES.forEach((name, index) => {
    const [help, h, allHelp, badFlag] = results.slice(index * 4, index * 4 + 4);
    runs.set(name, { help, h, allHelp, badFlag });
  });
  after = snapshot();
}, 120_000);
afterAll(() => project.remove());

test('GIVEN dms --help WHEN run THEN every command is listed with its summary, exit 0; dms alone or an unknown command exit 2', async () => {
  // WHEN
  const [help, none, unknown] = await pooled([() => dms(['--help']), () => dms([]), () => dms(['deploy'])]);
  // THEN
  expect(help.status).toBe(0);
  for (const command of await loadCommands()) expect(help.stdout).toContain(`  ${command.name.padEnd(13)}${command.summary}`);
  expect(none.status).toBe(2);
  expect(none.stderr).toContain('Usage: dms <command> [flags]');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^deploy: not a dms command\n\nUsage: dms <command>/);
  expect(unknown.stdout).toBe('');
});

test('GIVEN the commands the issue asks for WHEN listed THEN each is a dms command with a dist/cli alias, loaded by its own name', async () => {
  const names = COMMAND_NAMES;
  // Each command is loaded only when run, by the name it is listed under: that name must be the command's own.
  expect(await Promise.all(names.map(async (name) => (await loadCommand(name))?.name))).toEqual(names);
  expect(await loadCommand('deploy')).toBeUndefined();
  expect(names).toEqual(
    expect.arrayContaining([
      'synth',
      'check',
      'review',
      'plan',
      'adopt',
      'prereqs',
      'preflight',
      'discover',
      'runbook',
      'generate',
      'vcs-out',
      'offline-out',
      'bench',
      'schema',
    ]),
  );
  // dist/cli/<command>.js (tools/build.mjs) runs `dms <command>`: one per command, and no stale one.
  const aliases = fs
    .readdirSync(path.join(project.root, 'dist', 'cli'))
    .filter((file) => file.endsWith('.js') && file !== 'dms.js' && file !== 'synth-command-line.js');
  expect(aliases.sort()).toEqual(names.map((name) => `${name}.js`).sort());
});

describe.each(COMMAND_NAMES.map((name) => [name]))('dms %s', (name) => {
  test('GIVEN --help or -h WHEN run THEN usage, flags, an example and exit codes on stdout, exit 0, and nothing in the project changed', () => {
    // GIVEN the copy as it is, WHEN run (in beforeAll)
    const { help, h, allHelp } = must(runs.get(name));
    for (const result of [help, h]) {
      // THEN
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(result.stdout).toMatch(new RegExp(`^Usage: dms ${name}\\b`));
      for (const section of ['\nFlags:\n', '  -h, --help', '\nExample', `npx dms ${name}`, '\nExit codes:\n', '  0  ', '  2  '])
        expect(result.stdout).toContain(section);
    }
    // --help wins over the rest of the command line, which would otherwise do the work.
    expect(allHelp.status).toBe(0);
    expect(after).toEqual(before);
  });

  test('GIVEN a flag it does not have WHEN run THEN one line names it, then the usage, on stderr, exit 2, nothing done', () => {
    // WHEN run (in beforeAll)
    const result = must(runs.get(name)).badFlag;
    // THEN
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `--no-such-flag: not a flag of dms ${name} (dms ${name} --help lists them)\n\nUsage: dms ${name}${result.stderr.split(`Usage: dms ${name}`)[1]}`,
    );
    expect(result.stderr.split('\n')[0]).toBe(`--no-such-flag: not a flag of dms ${name} (dms ${name} --help lists them)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(after).toEqual(before);
  });
});

describe('paths from the directory the user runs in', () => {
  let subdir: string;
  beforeAll(() => {
    subdir = path.join(project.root, 'work', 'mine');
    fs.mkdirSync(subdir, { recursive: true });
    fs.writeFileSync(path.join(subdir, 'mapping.json'), `${JSON.stringify(MAPPING, null, 2)}\n`);
  });

  test('GIVEN a file named relative to a subdirectory WHEN checked through npx dms there THEN it is found', async () => {
    // WHEN
    const result = await npx(['check', 'mapping.json'], subdir);
    // THEN
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: 'mapping.json: ok\n',
      stderr: '',
    });
  });

  test('GIVEN a file named relative to a subdirectory WHEN checked through npm run there THEN it is found (INIT_CWD), not looked up in the project root', async () => {
    // WHEN
    const result = await npmRun(['-s', 'check', '--', 'mapping.json'], subdir);
    // THEN
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: 'mapping.json: ok\n',
      stderr: '',
    });
    // GIVEN the same name where only the project root could resolve it WHEN checked from the subdirectory THEN it is not found
    fs.writeFileSync(path.join(project.root, 'only-in-root.json'), JSON.stringify(MAPPING));
    const rootOnly = await npmRun(['-s', 'check', '--', 'only-in-root.json'], subdir);
    expect(rootOnly.status).toBe(1);
    expect(rootOnly.stderr).toContain('only-in-root.json');
  });

  test('GIVEN a synthesized tree WHEN reviewed with --json from a subdirectory through npx and npm run -s THEN stdout is one JSON document', async () => {
    // GIVEN
    const synth = await npx(['synth'], subdir);
    expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });
    // WHEN (the three reviews only read the tree: together)
    const [viaNpx, viaNpm, missing] = await Promise.all([
      npx(['review', '--json', '--out', '../../cdktf.out'], subdir),
      npmRun(['-s', 'review', '--', '--json', '--out', '../../cdktf.out'], subdir),
      npx(['review', '--json', '--out', 'cdktf.out'], subdir),
    ]);
    for (const result of [viaNpx, viaNpm]) {
      // THEN: whatever the exit code (security findings of the active config fail it), the output parses
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const review = JSON.parse(result.stdout);
      expect(Array.isArray(review.stacks)).toBe(true);
      expect(review.stacks.length).toBeGreaterThan(0);
    }
    // GIVEN a --out that does not exist relative to the subdirectory WHEN reviewed THEN one line, exit 2, no stack trace
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`review: ${path.join(subdir, 'cdktf.out')}: has no manifest.json: run npm run synth first\n`);
    expect(missing.stdout).toBe('');
  }, 120_000);
});
