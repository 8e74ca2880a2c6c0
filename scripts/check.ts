/**
 * `npm run check -- [--kind config|mappings|settings] [--target <engine>] [--migration-type <type>] [--write] <file>...`
 *
 * Validates table-mapping files, task-settings files and pipeline config JSON files with the same code synth
 * uses, printing every problem as `file: path: message`. Exit 1 on any problem, 0 otherwise. `--write`
 * rewrites valid table-mapping files in canonical form. Made for people and pre-commit hooks.
 */
import { ValidationFailed, type ValidationIssue } from '../config/errors';
import { MIGRATION_TYPES } from '../config/schema';
import { TARGET_ENGINES, isTargetEngine } from '../mappings/engines';
import { type CheckOptions, DOCUMENT_KINDS, type DocumentKind, checkFile } from './check-file';
import { runCommand } from './run-command';

interface Options extends CheckOptions {
  files: string[];
}

const USAGE = 'usage: npm run check -- [--kind config|mappings|settings] [--target <engine>] [--migration-type <type>] [--write] <file>...';

function parseArguments(args: string[]): Options {
  const options: Options = { write: false, files: [] };
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
  const { files, ...options } = parseArguments(process.argv.slice(2));
  const problems: ValidationIssue[] = [];
  for (const file of files) {
    const { issues, note } = checkFile(file, options);
    for (const issue of issues) problems.push({ path: issue.path ? `${file}: ${issue.path}` : file, message: issue.message });
    if (issues.length === 0) process.stdout.write(`${file}: ok${note ? ` (${note})` : ''}\n`);
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
});

