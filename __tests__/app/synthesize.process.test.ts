/**
 * Synth as processes see it: `kill -9` at random points of `npm run synth` leaves the old tree or the new one,
 * complete, never a missing or partial cdktf.out; concurrent synths are serialised and both succeed; the next
 * synth after a kill takes the lock over and removes what the killed one left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { fingerprint } from '../support/fingerprint';

const root = projectRoot();
const fixtures = path.join(root, '__tests__', 'fixtures', 'synth');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-synth-kill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const configA = path.join(fixtures, 'probe-config.json');
const configB = path.join(work, 'probe-config-b.json');

interface Run {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; seconds: number }>;
}

function startSynth(outdir: string, config: string): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    CDKTF_OUTDIR: outdir,
    DMS_CONFIG: config,
    DMS_MAPPINGS_DIR: path.join(fixtures, 'mappings'),
    DMS_SYNTH_LOCK_TIMEOUT: '60',
  };
  const started = Date.now();
  const child = spawn('node', [path.join(root, 'tools', 'synth.mjs')], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (data) => (stderr += String(data)));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; seconds: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, seconds: (Date.now() - started) / 1000 })),
  );
  return { child, done };
}

async function synth(outdir: string, config: string) {
  const result = await startSynth(outdir, config).done;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

/** What is beside cdktf.out besides the generation it points to (the lock is removed when released). */
function leftovers(outdir: string): string[] {
  const current = fs.readlinkSync(outdir);
  return fs.readdirSync(path.dirname(outdir)).filter((name) => name !== 'cdktf.out' && name !== current);
}

let treeA: Record<string, string>;
let treeB: Record<string, string>;
/** How long one synth takes on this machine now: kill points are drawn from its whole span. */
let synthSeconds = 1;

beforeAll(async () => {
  const config = JSON.parse(fs.readFileSync(configA, 'utf8'));
  config.pipelines[0].replicationInstance.allocatedStorage = 200;
  fs.writeFileSync(configB, JSON.stringify(config, null, 2));
  await synth(path.join(work, 'reference-a'), configA);
  synthSeconds = (await synth(path.join(work, 'reference-b'), configB)).seconds;
  treeA = fingerprint(path.join(work, 'reference-a'));
  treeB = fingerprint(path.join(work, 'reference-b'));
  expect(treeA).not.toEqual(treeB);
}, 60_000);

test('GIVEN a complete tree WHEN synths are killed with SIGKILL at random points THEN cdktf.out is always the old or the new tree, whole', async () => {
  // GIVEN
  const outdir = path.join(work, 'killed', 'cdktf.out');
  fs.mkdirSync(path.dirname(outdir));
  await synth(outdir, configA);
  let installed = treeA;
  const outcomes = { old: 0, new: 0, killed: 0 };
  // Kill points are drawn from the span of the last synth that ran to its end (machine load varies), and trials
  // go on until enough of them were killed before exiting, so the test never passes on runs that were not killed.
  const wantedKills = 10;
  let span = synthSeconds;
  let trials = 0;
  while (outcomes.killed < wantedKills && trials < 60) {
    trials++;
    // WHEN a synth of the other config is killed at a random point of its run (or just after it)
    const [nextConfig, nextTree] = installed === treeA ? [configB, treeB] : [configA, treeA];
    const run = startSynth(outdir, nextConfig);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), Math.random() * span * 1300);
    const result = await run.done;
    clearTimeout(timer);
    if (result.signal === 'SIGKILL') outcomes.killed++;
    else span = result.seconds;
    // THEN the tree is one of the two, complete
    const tree = fingerprint(outdir);
    if (JSON.stringify(tree) === JSON.stringify(installed)) outcomes.old++;
    else {
      expect(tree).toEqual(nextTree);
      outcomes.new++;
      installed = nextTree;
    }
  }
  expect(outcomes.old + outcomes.new).toBe(trials);
  expect(outcomes.killed).toBe(wantedKills);
  // AND the next synth takes the lock over at once and removes what the killed ones left
  const next = await synth(outdir, configA);
  expect(next.seconds).toBeLessThan(20);
  expect(fingerprint(outdir)).toEqual(treeA);
  expect(leftovers(outdir)).toEqual([]);
  process.stdout.write(
    `kill -9 trials: ${trials}, ${outcomes.killed} killed before exit (old tree kept ${outcomes.old}, new tree installed ${outcomes.new})\n`,
  );
}, 180_000);

test('GIVEN two synths started together WHEN both run THEN both succeed, one after the other, and one complete tree is left', async () => {
  const outdir = path.join(work, 'concurrent', 'cdktf.out');
  fs.mkdirSync(path.dirname(outdir));
  for (let round = 0; round < 3; round++) {
    const [first, second] = [startSynth(outdir, configA), startSynth(outdir, configB)];
    const results = await Promise.all([first.done, second.done]);
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^(waiting for the synth running as pid \d+ to finish\n)?$/);
    }
    expect([treeA, treeB]).toContainEqual(fingerprint(outdir));
    expect(leftovers(outdir)).toEqual([]);
  }
}, 120_000);
