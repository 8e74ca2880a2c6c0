/**
 * `npm run check -- [--kind config|mappings|settings] [--target <engine>] [--migration-type <type>] [--strict] [--write] <file>...`
 *
 * Validates table-mapping files, task-settings files and pipeline config JSON files with the same code synth
 * uses, printing every problem as `file: path: message`, then every warning as `warning: file: path: message`.
 * Exit 1 on any problem (with `--strict`, on any warning too), 0 otherwise. `--write` rewrites valid
 * table-mapping files in canonical form. Made for people and pre-commit hooks.
 */
import { ValidationFailed, type ValidationIssue, splitIssues, strictIssues } from '../core/errors';
import { MIGRATION_TYPES } from '../config/schema';
import { TARGET_ENGINES, isTargetEngine } from '../mappings/target-capabilities';
import { type CheckOptions, DOCUMENT_KINDS, type DocumentKind, checkFile } from '../app/check-file';
import { printWarnings, runCommand } from '../app/run-command';

interface Options extends CheckOptions {
  files: string[];
  /** Warnings are errors. */
  strict: boolean;
}

const USAGE = 'usage: npm run check -- [--kind config|mappings|settings] [--target <engine>] [--migration-type <type>] [--strict] [--write] <file>...';

function parseArguments(args: string[]): Options {
  const options: Options = { write: false, strict: false, files: [] };
  const problems: ValidationIssue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--target') {
      const value = args[++i] ?? '';
      if (isTargetEngine(value)) options.target = value;
      else problems.push({ path: '--target', message: `must be one of ${TARGET_ENGINES.join(', ')}` });
    } else if (arg === '--migration-type') {
      const value = args[++i] ?? '';
      if ((MIGRATION_TYPES as readonly string[]).includes(value)) options.migrationType = value as CheckOptions['migrationType'];
      else problems.push({ path: '--migration-type', message: `must be one of ${MIGRATION_TYPES.join(', ')}` });
    } else if (arg === '--kind') {
      const value = args[++i] ?? '';
      if ((DOCUMENT_KINDS as readonly string[]).includes(value)) options.kind = value as DocumentKind;
      else problems.push({ path: '--kind', message: `must be one of ${DOCUMENT_KINDS.join(', ')}` });
    } else if (arg === '--strict') {
      options.strict = true;
    } else if (arg === '--write') {
      options.write = true;
    } else if (arg.startsWith('--')) {
      problems.push({ path: arg, message: `is not an option. ${USAGE}` });
    } else {
      options.files.push(arg);
    }
  }
  if (options.files.length === 0) problems.push({ path: '', message: USAGE });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return options;
}

runCommand(() => {
  const { files, strict, ...options } = parseArguments(process.argv.slice(2));
  const problems: ValidationIssue[] = [];
  for (const file of files) {
    const found = checkFile(file, options);
    const issues = strict ? strictIssues(found.issues) : found.issues;
    for (const issue of issues) problems.push({ ...issue, path: issue.path ? `${file}: ${issue.path}` : file });
    const { errors, warnings } = splitIssues(issues);
    if (errors.length === 0) {
      const notes = [...(warnings.length ? [`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`] : []), ...(found.note ? [found.note] : [])];
      process.stdout.write(`${file}: ok${notes.length ? ` (${notes.join('; ')})` : ''}\n`);
    }
  }
  const { errors, warnings } = splitIssues(problems);
  if (errors.length > 0) throw new ValidationFailed([...errors, ...warnings]);
  printWarnings(warnings);
});
