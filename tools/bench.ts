/**
 * `dms bench` (`npm run bench`): synth speed and memory, measured with public tools (GNU time for wall time and peak RSS,
 * where installed; Node's clock otherwise). Each case runs after a warm-up, several times; the table reports
 * median and min–max wall time and the highest peak RSS, and the same figures go to `.bench/results.json`.
 *
 *   A  the default config: `npm run synth` against `cdktf synth` running the app with ts-node (the cdktf init
 *      template's way), alternated in the same run;
 *   B  generated configs of 1, 10 and 50 pipelines × 200 tables, with time per pipeline;
 *   C  one pipeline with a 5,000-table mapping;
 *   D  the test tiers as README names them (`npm run test:unit`, `test:commands`, `test:terraform`,
 *      `test:integration`) and the whole `npm test`, with CPU time, against issue 12's targets where it set one
 *      (test:unit 10 s, npm test 120 s); the Terraform tiers need a provider mirror, found as for `npm test`;
 *   E  validation at scale and on hostile input: the rule checks on a 20k selection + 20k table-settings
 *      mapping (in process), `npm run check` refusing that file (over DMS's 2 MB), and `npm run check` on
 *      /dev/zero, a FIFO, a 20 MB file, a 100,000-level nesting and a symlink to a passwd-like file, each of
 *      which must end in under 5 s with one line.
 *
 * Options (cli/bench.ts): --runs N (default 5 for A and B, 3 for C, E and D's unit tier; D's other tiers run
 * once: minutes each), --skip A,B,C,D,E.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomically } from '../core/output-file';
import { projectRoot } from '../core/paths';
import { benchArgs, command as benchCommand } from '../cli/bench';
import { prepare } from '../cli/command';
import { validateTableMappings } from '../mappings/table-mappings';
import { generateConfig, writeGeneratedConfig } from './generated-config';
import { generatedMappingText } from './generated-mapping';

interface Sample {
  wallSeconds: number;
  peakRssMb?: number;
  /** User + system CPU of the command and its children (GNU time only): on a shared machine, steadier than wall time. */
  cpuSeconds?: number;
}

interface Summary {
  case: string;
  runs: number;
  medianSeconds: number;
  minSeconds: number;
  maxSeconds: number;
  peakRssMb?: number;
  medianCpuSeconds?: number;
  note?: string;
}

// The command line as `dms bench` reads it: `--help` or a bad flag ends here, before any work.
const input = prepare(benchCommand.spec, process.argv.slice(2));
if (input === undefined) process.exit();
benchArgs(input.values);
const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-bench-'));
const gnuTime = ['/usr/bin/time', '/bin/time'].find((candidate) => fs.existsSync(candidate));
const skip = new Set((input.values.skip ?? '').split(',').filter(Boolean));
const runsOverride = input.values.runs !== undefined ? Number(input.values.runs) : undefined;

function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}, expectStatus = 0, timeoutMs = 60_000): Sample {
  const fullEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...env };
  const maxBuffer = 64 * 1024 * 1024;
  if (gnuTime) {
    const report = path.join(work, 'time.txt');
    const result = spawnSync(gnuTime, ['-f', '%e %M %U %S', '-o', report, command, ...args], {
      cwd: root,
      env: fullEnv,
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer,
    });
    if (result.status !== expectStatus)
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}, expected ${expectStatus}:\n${result.stderr}${result.stdout}`);
    // The format's line is the last: GNU time writes "Command exited with non-zero status N" before it when expectStatus is not 0.
    const [wall, rssKb, user, system] = (fs.readFileSync(report, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    if (![wall, rssKb, user, system].every(Number.isFinite)) throw new Error(`${report}: no "%e %M %U %S" line from ${gnuTime}`);
    return { wallSeconds: wall, peakRssMb: Math.round(rssKb / 1024), cpuSeconds: round(user + system) };
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env: fullEnv, encoding: 'utf8', timeout: timeoutMs, maxBuffer });
  if (result.status !== expectStatus)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}, expected ${expectStatus}:\n${result.stderr}${result.stdout}`);
  return { wallSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summarize(name: string, samples: Sample[], note?: string): Summary {
  const walls = samples.map((s) => s.wallSeconds).sort((a, b) => a - b);
  const rss = samples.map((s) => s.peakRssMb).filter((v): v is number => v !== undefined);
  const cpu = samples.map((s) => s.cpuSeconds).filter((v): v is number => v !== undefined);
  return {
    case: name,
    runs: samples.length,
    medianSeconds: round(medianOf(walls)),
    minSeconds: round(walls[0]),
    maxSeconds: round(walls[walls.length - 1]),
    ...(rss.length ? { peakRssMb: Math.max(...rss) } : {}),
    ...(cpu.length === samples.length ? { medianCpuSeconds: round(medianOf(cpu)) } : {}),
    ...(note ? { note } : {}),
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const outdir = (label: string) => path.join(work, `out-${label}-${Math.random().toString(36).slice(2)}`);

const results: { summaries: Summary[]; derived: Record<string, number | string> } = { summaries: [], derived: {} };

function caseA() {
  const runs = runsOverride ?? 5;
  const fast = () => measure('npm', ['run', '-s', 'synth'], { CDKTF_OUTDIR: outdir('a-fast') });
  const tsNode = () => measure('npx', ['cdktf', 'synth', '--app', 'npx ts-node main.ts', '--output', outdir('a-ts-node')]);
  fast();
  tsNode();
  const fastSamples: Sample[] = [];
  const tsNodeSamples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    fastSamples.push(fast());
    tsNodeSamples.push(tsNode());
  }
  const fastSummary = summarize('A: npm run synth (default config)', fastSamples);
  const tsNodeSummary = summarize('A: cdktf synth + ts-node (default config)', tsNodeSamples);
  results.summaries.push(fastSummary, tsNodeSummary);
  results.derived['A: speed-up (median ts-node / median npm run synth)'] = round(tsNodeSummary.medianSeconds / fastSummary.medianSeconds);
}

function synthGenerated(label: string, pipelines: number, tables: number, runs: number): Summary {
  const dir = path.join(work, label);
  const { configFile, mappingsDir } = writeGeneratedConfig(dir, generateConfig(pipelines, tables));
  const run = () =>
    measure('node', ['tools/synth.mjs'], { DMS_CONFIG: configFile, DMS_MAPPINGS_DIR: mappingsDir, CDKTF_OUTDIR: outdir(label) });
  run();
  const summary = summarize(`${label}`, Array.from({ length: runs }, run));
  results.summaries.push(summary);
  return summary;
}

function caseB() {
  const runs = runsOverride ?? 5;
  const medianOf = (count: number) => synthGenerated(`B: ${count} pipeline(s) x 200 tables`, count, 200, runs).medianSeconds;
  const one = medianOf(1);
  for (const [count, total] of [10, 50].map((count) => [count, medianOf(count)] as const)) {
    results.derived[`B: seconds per pipeline at ${count} (total / ${count})`] = round(total / count);
    results.derived[`B: marginal seconds per pipeline at ${count} ((t${count} - t1) / ${count - 1})`] = round((total - one) / (count - 1));
  }
  const marginal10 = Number(results.derived['B: marginal seconds per pipeline at 10 ((t10 - t1) / 9)']);
  const marginal50 = Number(results.derived['B: marginal seconds per pipeline at 50 ((t50 - t1) / 49)']);
  results.derived['B: marginal per pipeline, 50 vs 10'] = `${round(((marginal50 - marginal10) / marginal10) * 100)} %`;
}

function caseC() {
  synthGenerated('C: 1 pipeline x 5,000 tables', 1, 5000, runsOverride ?? 3);
}

/**
 * The test tiers as README names them, then the whole `npm test` (static checks included), with the targets
 * issue 12 set: `npm run test:unit` within 10 s and `npm test` within 120 s on this 2-core machine, quiet.
 */
const TEST_TIERS: readonly { script: string; label: string; targetSeconds?: number; runsTerraform: boolean; innerLoop?: true }[] = [
  { script: 'test:unit', label: 'npm run test:unit', targetSeconds: 10, runsTerraform: false, innerLoop: true },
  { script: 'test:commands', label: 'npm run test:commands', runsTerraform: false },
  { script: 'test:terraform', label: 'npm run test:terraform', runsTerraform: true },
  { script: 'test:integration', label: 'npm run test:integration', runsTerraform: true },
  { script: 'test', label: 'npm test (static checks + every tier)', targetSeconds: 120, runsTerraform: true },
];

function caseD() {
  const mirror = spawnSync(path.join(root, 'tools', 'find-plugin-mirror.sh'), { encoding: 'utf8' }).stdout.trim();
  // As .ci/run: with a mirror the Terraform suites must run, so a missing prerequisite fails instead of timing a skip.
  const env: NodeJS.ProcessEnv = mirror ? { TF_PLUGIN_MIRROR: mirror, REQUIRE_TERRAFORM_TESTS: '1' } : {};
  const hour = 60 * 60_000;
  for (const { script, label, targetSeconds, runsTerraform, innerLoop } of TEST_TIERS) {
    const run = () => measure('npm', ['run', '-s', script], env, 0, hour);
    // The inner loop is timed as a developer meets it: transform cache warm, median of several runs. The other
    // tiers take minutes: once.
    if (innerLoop) run();
    const summary = summarize(`D: ${label}`, Array.from({ length: innerLoop ? (runsOverride ?? 3) : 1 }, run));
    const notes = [
      ...(targetSeconds === undefined ? [] : [`target ${targetSeconds} s: ${summary.medianSeconds <= targetSeconds ? 'met' : 'not met'}`]),
      ...(runsTerraform && !mirror ? ['Terraform suites skipped: no provider mirror'] : []),
    ];
    results.summaries.push(notes.length > 0 ? { ...summary, note: notes.join('; ') } : summary);
  }
}

function caseE() {
  const runs = runsOverride ?? 3;
  /** The rule checks alone, in process, on n selection + n table-settings rules; the first run warms up. */
  const ruleChecks = (tables: number) => {
    const document = JSON.parse(generatedMappingText(tables));
    const samples: Sample[] = [];
    for (let i = 0; i <= runs; i++) {
      const start = process.hrtime.bigint();
      const issues = validateTableMappings(document, {}, { sizeChecked: true });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (issues.length > 0) throw new Error(`the generated mapping should pass the rule checks: ${issues[0].path}: ${issues[0].message}`);
      if (i > 0) samples.push({ wallSeconds: seconds });
    }
    return samples;
  };
  const text = generatedMappingText(20_000);
  const file = path.join(work, 'mapping-20k-20k.json');
  fs.writeFileSync(file, text);
  const tenK = summarize('E: rule checks, 10k selection + 10k table-settings rules (in process, 2 MB limit skipped)', ruleChecks(10_000));
  const twentyK = summarize(
    'E: rule checks, 20k selection + 20k table-settings rules (in process, 2 MB limit skipped)',
    ruleChecks(20_000),
    `${Math.round(Buffer.byteLength(text) / 1e5) / 10} MB file, every rule and cross-rule check`,
  );
  results.summaries.push(tenK, twentyK);
  results.derived['E: rule checks, 20k / 10k time (2 = linear)'] = round(twentyK.medianSeconds / tenK.medianSeconds);
  const check = (target: string) => measure('node', [path.join(root, 'dist', 'cli', 'check.js'), target], {}, 1);
  results.summaries.push(
    summarize(
      'E: npm run check on that file (refused: over 2 MB)',
      Array.from({ length: runs }, () => check(file)),
    ),
  );

  const fifo = path.join(work, 'pipe.json');
  spawnSync('mkfifo', [fifo]);
  const huge = path.join(work, 'huge.json');
  fs.writeFileSync(huge, '');
  fs.truncateSync(huge, 20 * 1024 * 1024);
  const deep = path.join(work, 'deep.json');
  fs.writeFileSync(deep, `{"rules":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`);
  const secret = path.join(work, 'passwd');
  fs.writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');
  const link = path.join(work, 'link.json');
  fs.symlinkSync(secret, link);
  const hostile: [string, string][] = [
    ['/dev/zero', '/dev/zero'],
    ['a FIFO', fifo],
    ['a 20 MB file', huge],
    ['100,000 levels of nesting', deep],
    ['a symlink to a passwd-like file', link],
  ];
  const slowest: Sample[] = [];
  for (const [label, target] of hostile) {
    const sample = check(target);
    slowest.push(sample);
    results.summaries.push(summarize(`E: npm run check on ${label}`, [sample], sample.wallSeconds < 5 ? 'under 5 s' : 'OVER 5 s'));
  }
  results.derived['E: slowest hostile input (s)'] = round(Math.max(...slowest.map((s) => s.wallSeconds)));
}

function table(): string {
  const rows = results.summaries.map((s) => [
    s.case,
    String(s.runs),
    s.medianSeconds.toFixed(2),
    `${s.minSeconds.toFixed(2)}–${s.maxSeconds.toFixed(2)}`,
    s.medianCpuSeconds === undefined ? '-' : s.medianCpuSeconds.toFixed(2),
    s.peakRssMb === undefined ? '-' : String(s.peakRssMb),
    s.note ?? '',
  ]);
  const header = ['case', 'runs', 'median s', 'min–max s', 'median CPU s', 'peak RSS MB', 'note'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  for (const [key, value] of Object.entries(results.derived)) lines.push(`| ${key} | | ${value} | | | | |`);
  return lines.join('\n');
}

try {
  if (!skip.has('A')) caseA();
  if (!skip.has('B')) caseB();
  if (!skip.has('C')) caseC();
  if (!skip.has('D')) caseD();
  if (!skip.has('E')) caseE();
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    timer: gnuTime ? `GNU time (${gnuTime})` : 'Node clock (no GNU time: peak RSS not measured)',
    ...results,
  };
  writeFileAtomically(path.join(root, '.bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${table()}\n\nwritten to .bench/results.json\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
