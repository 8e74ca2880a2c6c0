/**
 * `dms bench` (`npm run bench`): the command line of tools/bench.ts, which measures synth, the suites and
 * validation on hostile input. The benchmark is its own bundle (it generates configs with tools/), started as
 * a child process once the flags are read, so `--help` never starts it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { projectRoot } from '../core/paths';
import { defineCommand } from './command';

export const command = defineCommand({
  name: 'bench',
  summary: 'measure synth speed and memory, the test suites and validation on hostile input (.bench/results.json)',
  usage: '[--runs <n>] [--skip A,B,C,D,E]',
  description: `Each case runs after a warm-up, several times; the table reports median and min-max wall time and the
highest peak RSS (GNU time where installed), and the same figures go to .bench/results.json.
  A  the default config: npm run synth against cdktf synth with ts-node
  B  generated configs of 1, 10 and 50 pipelines x 200 tables
  C  one pipeline with a 5,000-table mapping
  D  the test tiers (npm run test:unit, test:commands, test:terraform, test:integration) and the whole
     npm test, with CPU time, against the targets test:unit 10 s and npm test 120 s (Terraform tiers need
     a provider mirror, found as for npm test)
  E  validation at scale and on hostile input (/dev/zero, a FIFO, a 20 MB file, deep nesting, a symlink)`,
  flags: {
    runs: {
      type: 'string',
      placeholder: 'n',
      help: "runs per case (default 5 for A and B, 3 for C, E and D's unit tier; D's other tiers run once)",
    },
    skip: { type: 'string', placeholder: 'A,B,C,D,E', help: 'cases to leave out' },
  },
  examples: ['npx dms bench --skip D,E --runs 3'],
  exitCodes: { 0: 'measured', 1: 'a measured command failed, or a flag value is not valid' },
  run: ({ values }) =>
    spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'tools', 'bench.js'), ...benchArgs(values)], { stdio: 'inherit' })
      .status ?? 1,
});

/** The flags as the benchmark reads them, checked here so that a typo fails before minutes of measuring. */
export function benchArgs(values: { runs?: string; skip?: string }): string[] {
  const problems: string[] = [];
  if (values.runs !== undefined && !/^[1-9]\d*$/.test(values.runs))
    problems.push(`--runs: must be a whole number above 0, not ${JSON.stringify(values.runs)}`);
  const unknown = (values.skip ?? '').split(',').filter((c) => c !== '' && !['A', 'B', 'C', 'D', 'E'].includes(c));
  if (unknown.length > 0) problems.push(`--skip: ${unknown.join(', ')} is not a case (A, B, C, D, E)`);
  if (problems.length > 0) throw new UserError(problems.join('\n'));
  return [...(values.runs !== undefined ? ['--runs', values.runs] : []), ...(values.skip !== undefined ? ['--skip', values.skip] : [])];
}
