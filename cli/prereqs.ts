/**
 * `dms prereqs [--all] [--stdout] [--out <dir>] <stack>...`
 *
 * Writes the CDC prerequisites SQL of each named stack of the active config to `prereqs/<stack>.sql` (or
 * `<dir>/<stack>.sql`), and its validation queries to `validation/<stack>.sql` (and `.sh` for DynamoDB; under
 * `<dir>/validation/` with `--out`), or prints them with `--stdout`. The SQL is generated from the config and the table
 * mappings (engines/sources/), so re-run this after changing either; the committed files are tested for being
 * up to date.
 */
import * as path from 'node:path';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { projectRoot } from '../core/paths';
import { activePipelines } from '../app/pipelines';
import { PREREQS_DIR, generatePrereqs } from '../engines/prereqs';
import { generateValidation } from '../engines/validation';
import { defineCommand } from './command';
import { writeFileAtomically } from '../core/output-file';

interface Options {
  stacks: string[];
  all: boolean;
  stdout: boolean;
  outDir?: string;
}

const USAGE = '[--stdout] [--out <dir>] (<stack>... | --all)';

export const command = defineCommand({
  name: 'prereqs',
  summary: "write each stack's CDC prerequisites SQL (prereqs/) and validation queries (validation/)",
  usage: USAGE,
  description: `Writes the CDC prerequisites SQL of each named stack of the active config to prereqs/<stack>.sql (or
<dir>/<stack>.sql), and its validation queries to validation/<stack>.sql (and .sh for DynamoDB; under
<dir>/validation/ with --out), or prints them with --stdout. Generated from the config and the table mappings:
re-run after changing either.`,
  flags: {
    all: { type: 'boolean', help: 'every stack of the active config' },
    stdout: { type: 'boolean', help: 'print instead of writing files' },
    out: { type: 'string', placeholder: 'dir', help: 'write under this directory instead of the project' },
  },
  positionals: '<stack>',
  examples: ['npx dms prereqs --all'],
  exitCodes: { 0: 'written (or up to date)', 1: 'a problem with the config or the stack names' },
  run: ({ values, positionals }) => prereqs(requiredOptions(values, positionals)),
});

function requiredOptions(values: { all?: boolean; stdout?: boolean; out?: string }, stacks: string[]): Options {
  const options: Options = {
    stacks,
    all: values.all === true,
    stdout: values.stdout === true,
    outDir: values.out !== undefined ? path.resolve(values.out) : undefined,
  };
  const problems: ValidationIssue[] = [];
  if (options.all && options.stacks.length > 0)
    problems.push({ path: '--all', message: `names every stack; drop it or the stack names. usage: dms prereqs ${USAGE}` });
  if (!options.all && options.stacks.length === 0) problems.push({ path: '', message: `usage: dms prereqs ${USAGE}` });
  if (options.stdout && options.outDir) problems.push({ path: '--out', message: 'has no effect with --stdout' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return options;
}

function prereqs(options: Options): void {
  const pipelines = activePipelines();
  const known = pipelines.map((p) => p.name);
  const unknown = options.stacks.filter((stack) => !known.includes(stack));
  if (unknown.length > 0) {
    throw new ValidationFailed(
      unknown.map((stack) => ({ path: stack, message: `is not a stack of the active config (known: ${known.join(', ')})` })),
    );
  }
  const chosen = options.all ? pipelines : options.stacks.flatMap((stack) => pipelines.filter((p) => p.name === stack));
  const root = projectRoot();
  for (const pipeline of chosen) {
    const { file, sql } = generatePrereqs(pipeline);
    const generated = [{ file, text: sql, prereqs: true }, ...generateValidation(pipeline).map((v) => ({ ...v, prereqs: false }))];
    for (const { file: name, text, prereqs } of generated) {
      if (options.stdout) {
        process.stdout.write(text);
        continue;
      }
      const target = options.outDir ? path.join(options.outDir, prereqs ? path.relative(PREREQS_DIR, name) : name) : path.join(root, name);
      const unchanged = !writeFileAtomically(target, text);
      process.stdout.write(`${path.relative(process.cwd(), target) || target}: ${unchanged ? 'up to date' : 'written'}\n`);
    }
  }
}
