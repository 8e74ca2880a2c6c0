/**
 * `dms runbook [--all] [--stdout] [--out <dir>] <stack>...`
 *
 * Writes each named stack's operations runbook to `runbooks/<stack>.md` (or `<dir>/<stack>.md`), or prints it
 * with `--stdout`, filled from the synthesized stack (`npm run runbook` synthesizes first; `--tree <cdktf.out>`
 * reads another tree) and the config. The committed files are tested for being up to date.
 */
import * as path from 'node:path';
import { ValidationFailed } from '../core/errors';
import { projectRoot } from '../core/paths';
import { activePipelines } from '../app/pipelines';
import { readSynthesizedTree } from '../review/synthesized';
import { RUNBOOKS_DIR, generateRunbook } from '../review/runbook';
import { defineCommand } from './command';
import { writeFileAtomically } from '../core/output-file';

const USAGE = '[--stdout] [--out <dir>] [--tree <cdktf.out>] (<stack>... | --all)';

export const command = defineCommand({
  name: 'runbook',
  summary: "write each stack's operations runbook (runbooks/<stack>.md) from the synthesized stack and the config",
  usage: USAGE,
  description: `Writes each named stack's operations runbook to runbooks/<stack>.md (or <dir>/<stack>.md), or prints it
with --stdout, filled from the synthesized stack and the config. It reads cdktf.out as it is: npm run runbook
synthesizes first; with npx dms runbook, run npx dms synth first (or name another tree with --tree).`,
  flags: {
    all: { type: 'boolean', help: 'every stack of the active config' },
    stdout: { type: 'boolean', help: 'print instead of writing files' },
    out: { type: 'string', placeholder: 'dir', help: 'write under this directory instead of runbooks/' },
    tree: { type: 'string', placeholder: 'cdktf.out', help: 'the synthesized tree to read (default cdktf.out)' },
  },
  positionals: '<stack>',
  examples: ['npx dms runbook --all'],
  exitCodes: { 0: 'written (or up to date)', 1: 'a problem with the config, the tree or the stack names' },
  run: ({ values, positionals }) => runbook(values, positionals),
});

function runbook(values: { all?: boolean; stdout?: boolean; out?: string; tree?: string }, stacks: string[]): void {
  const all = values.all === true;
  const stdout = values.stdout === true;
  const outDir = values.out !== undefined ? path.resolve(values.out) : undefined;
  const tree = values.tree !== undefined ? path.resolve(values.tree) : path.join(projectRoot(), 'cdktf.out');
  if (all === stacks.length > 0) throw new ValidationFailed([{ path: '', message: `usage: dms runbook ${USAGE}` }]);

  const pipelines = activePipelines();
  const synthesized = readSynthesizedTree(tree);
  const names = all ? pipelines.map((p) => p.name) : stacks;
  const unknown = names.filter((name) => !pipelines.some((p) => p.name === name) || !synthesized.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new ValidationFailed(
      unknown.map((name) => ({
        path: name,
        message: `is not a synthesized stack of the active config (known: ${pipelines.map((p) => p.name).join(', ')}; run npm run synth)`,
      })),
    );
  }
  for (const name of names) {
    const stack = synthesized.find((s) => s.name === name);
    const pipeline = pipelines.find((p) => p.name === name);
    // Both exist: unknown names were refused above.
    if (stack === undefined || pipeline === undefined) continue;
    const { file, markdown } = generateRunbook(stack, pipeline);
    if (stdout) {
      process.stdout.write(markdown);
      continue;
    }
    const target = outDir ? path.join(outDir, path.relative(RUNBOOKS_DIR, file)) : path.join(projectRoot(), file);
    const unchanged = !writeFileAtomically(target, markdown);
    process.stdout.write(`${path.relative(process.cwd(), target) || target}: ${unchanged ? 'up to date' : 'written'}\n`);
  }
}
