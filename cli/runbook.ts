/**
 * `npm run runbook -- [--all] [--stdout] [--out <dir>] <stack>...`
 *
 * Writes each named stack's operations runbook to `runbooks/<stack>.md` (or `<dir>/<stack>.md`), or prints it
 * with `--stdout`, filled from the synthesized stack (`npm run runbook` synthesizes first; `--tree <cdktf.out>`
 * reads another tree) and the config. The committed files are tested for being up to date.
 */
import * as path from 'node:path';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { projectRoot } from '../core/paths';
import { activePipelines } from '../app/pipelines';
import { readSynthesizedTree } from '../review/synthesized';
import { RUNBOOKS_DIR, generateRunbook } from '../review/runbook';
import { runCommand } from '../app/run-command';
import { writeFileAtomically } from '../core/output-file';

const USAGE = 'usage: npm run runbook -- [--stdout] [--out <dir>] [--tree <cdktf.out>] (<stack>... | --all)';

runCommand(() => {
  const args = process.argv.slice(2);
  const problems: ValidationIssue[] = [];
  const stacks: string[] = [];
  let all = false;
  let stdout = false;
  let outDir: string | undefined;
  let tree = path.join(projectRoot(), 'cdktf.out');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) problems.push({ path: arg, message: 'needs a directory' });
      return path.resolve(next ?? '.');
    };
    if (arg === '--all') all = true;
    else if (arg === '--stdout') stdout = true;
    else if (arg === '--out') outDir = value();
    else if (arg === '--tree') tree = value();
    else if (arg.startsWith('--')) problems.push({ path: arg, message: `is not an option. ${USAGE}` });
    else stacks.push(arg);
  }
  if (all === stacks.length > 0) problems.push({ path: '', message: USAGE });
  if (problems.length > 0) throw new ValidationFailed(problems);

  const pipelines = activePipelines();
  const synthesized = readSynthesizedTree(tree);
  const names = all ? pipelines.map((p) => p.name) : stacks;
  const unknown = names.filter((name) => !pipelines.some((p) => p.name === name) || !synthesized.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new ValidationFailed(unknown.map((name) => ({ path: name, message: `is not a synthesized stack of the active config (known: ${pipelines.map((p) => p.name).join(', ')}; run npm run synth)` })));
  }
  for (const name of names) {
    const { file, markdown } = generateRunbook(synthesized.find((s) => s.name === name)!, pipelines.find((p) => p.name === name)!);
    if (stdout) {
      process.stdout.write(markdown);
      continue;
    }
    const target = outDir ? path.join(outDir, path.relative(RUNBOOKS_DIR, file)) : path.join(projectRoot(), file);
    const unchanged = !writeFileAtomically(target, markdown);
    process.stdout.write(`${path.relative(process.cwd(), target) || target}: ${unchanged ? 'up to date' : 'written'}\n`);
  }
});
