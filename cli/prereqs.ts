/**
 * `npm run prereqs -- [--all] [--stdout] [--out <dir>] <stack>...`
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
import { PREREQS_DIR, generatePrereqs } from '../engines/sources/prereqs';
import { generateValidation } from '../engines/validation';
import { runCommand } from '../app/run-command';
import { writeFileAtomically } from '../core/output-file';

interface Options {
  stacks: string[];
  all: boolean;
  stdout: boolean;
  outDir?: string;
}

const USAGE = 'usage: npm run prereqs -- [--stdout] [--out <dir>] (<stack>... | --all)';

function parseArguments(args: string[]): Options {
  const options: Options = { stacks: [], all: false, stdout: false };
  const problems: ValidationIssue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--all') options.all = true;
    else if (arg === '--stdout') options.stdout = true;
    else if (arg === '--out') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) problems.push({ path: '--out', message: 'needs a directory' });
      else options.outDir = path.resolve(value);
    } else if (arg.startsWith('--')) problems.push({ path: arg, message: `is not an option. ${USAGE}` });
    else options.stacks.push(arg);
  }
  if (options.all && options.stacks.length > 0) problems.push({ path: '--all', message: `names every stack; drop it or the stack names. ${USAGE}` });
  if (!options.all && options.stacks.length === 0) problems.push({ path: '', message: USAGE });
  if (options.stdout && options.outDir) problems.push({ path: '--out', message: 'has no effect with --stdout' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return options;
}

runCommand(() => {
  const options = parseArguments(process.argv.slice(2));
  const pipelines = activePipelines();
  const known = pipelines.map((p) => p.name);
  const unknown = options.stacks.filter((stack) => !known.includes(stack));
  if (unknown.length > 0) {
    throw new ValidationFailed(unknown.map((stack) => ({ path: stack, message: `is not a stack of the active config (known: ${known.join(', ')})` })));
  }
  const chosen = options.all ? pipelines : options.stacks.map((stack) => pipelines.find((p) => p.name === stack)!);
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
});
