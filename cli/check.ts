/**
 * `dms check [--kind config|mappings|settings] [--target <engine>] [--migration-type <type>] [--strict] [--write] <file>...`
 *
 * Validates table-mapping files, task-settings files and pipeline config JSON files with the same code synth
 * uses, printing every problem as `file: path: message`, then every warning as `warning: file: path: message`.
 * Exit 1 on any problem (with `--strict`, on any warning too), 0 otherwise. `--write` rewrites valid
 * table-mapping files in canonical form. Made for people and pre-commit hooks.
 */
import { ValidationFailed, type ValidationIssue, splitIssues, strictIssues } from '../core/errors';
import { MIGRATION_TYPES } from '../config/schema';
import { TARGET_ENGINES, isTargetEngine } from '../mappings/target-capabilities';
import { type CheckOptions, DOCUMENT_KINDS, checkFile } from '../app/check-file';
import { printWarnings } from '../app/run-command';
import { defineCommand } from './command';

const USAGE = '[--kind config|mappings|settings] [--target <engine>] [--migration-type <type>] [--strict] [--write] <file>...';

export const command = defineCommand({
  name: 'check',
  summary: 'validate table-mapping, task-settings and pipeline config files (for people and pre-commit hooks)',
  usage: USAGE,
  description: `Validates each file with the same code synth uses, printing every problem as file: path: message, then
every warning as warning: file: path: message. The kind of each file is recognised from its content unless
--kind says it.`,
  flags: {
    kind: { type: 'string', placeholder: DOCUMENT_KINDS.join('|'), help: 'the kind of every file, instead of recognising it' },
    target: { type: 'string', placeholder: 'engine', help: `target-dependent rules for this target (${TARGET_ENGINES.join(', ')})` },
    'migration-type': { type: 'string', placeholder: 'type', help: `rules for this migration type (${MIGRATION_TYPES.join(', ')})` },
    strict: { type: 'boolean', help: 'warnings are errors' },
    write: { type: 'boolean', help: 'rewrite valid table-mapping files in canonical form' },
  },
  positionals: '<file>',
  examples: ['npx dms check mappings/dms-table-mappings.json config/examples/redshift-fed-prod.json'],
  exitCodes: {
    0: 'every file is valid',
    1: 'a problem in a file (with --strict, a warning too), or a flag value is not one of its choices',
  },
  run: ({ values, positionals }) => check(parseOptions(values, positionals)),
});

interface Options extends CheckOptions {
  files: string[];
  /** Warnings are errors. */
  strict: boolean;
}

function parseOptions(
  values: { kind?: string; target?: string; 'migration-type'?: string; strict?: boolean; write?: boolean },
  files: string[],
): Options {
  const options: Options = { write: values.write === true, strict: values.strict === true, files };
  const problems: ValidationIssue[] = [];
  if (values.target !== undefined) {
    if (isTargetEngine(values.target)) options.target = values.target;
    else problems.push({ path: '--target', message: `must be one of ${TARGET_ENGINES.join(', ')}` });
  }
  const migrationType = MIGRATION_TYPES.find((type) => type === values['migration-type']);
  if (migrationType !== undefined) options.migrationType = migrationType;
  else if (values['migration-type'] !== undefined)
    problems.push({ path: '--migration-type', message: `must be one of ${MIGRATION_TYPES.join(', ')}` });
  const kind = DOCUMENT_KINDS.find((k) => k === values.kind);
  if (kind !== undefined) options.kind = kind;
  else if (values.kind !== undefined) problems.push({ path: '--kind', message: `must be one of ${DOCUMENT_KINDS.join(', ')}` });
  if (files.length === 0) problems.push({ path: '<file>', message: `name at least one file. usage: dms check ${USAGE}` });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return options;
}

function check({ files, strict, ...options }: Options): void {
  const problems: ValidationIssue[] = [];
  for (const file of files) {
    const found = checkFile(file, options);
    const issues = strict ? strictIssues(found.issues) : found.issues;
    for (const issue of issues) problems.push({ ...issue, path: issue.path ? `${file}: ${issue.path}` : file });
    const { errors, warnings } = splitIssues(issues);
    if (errors.length === 0) {
      const notes = [
        ...(warnings.length ? [`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`] : []),
        ...(found.note ? [found.note] : []),
      ];
      process.stdout.write(`${file}: ok${notes.length ? ` (${notes.join('; ')})` : ''}\n`);
    }
  }
  const { errors, warnings } = splitIssues(problems);
  if (errors.length > 0) throw new ValidationFailed([...errors, ...warnings]);
  printWarnings(warnings);
}
