/**
 * The one way a `dms` command reads its command line: flags declared once per command, parsed by `node:util`
 * `parseArgs` (strict), `--help`/`-h` on every command, and one exit code for a bad command line (2) whatever
 * the command. Every problem on the command line is reported at once, then the usage, on stderr.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../core/errors';
import { runCommand } from '../app/run-command';

/** A bad command line: exit 2 with the usage, before any work. */
export const EXIT_USAGE = 2;

/** What `parseArgs` takes for one option, and what `--help` says of it. */
export interface Flag {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** One line for `--help`. */
  help: string;
  /** The value's name in `--help` (`--out <dir>`); string flags only. */
  placeholder?: string;
}

export type Flags = Record<string, Flag>;

const HELP_FLAG = { type: 'boolean', short: 'h', help: 'print this help and exit' } as const satisfies Flag;
const flagEntries = (flags: Flags): [string, Flag][] => Object.entries({ ...flags, help: HELP_FLAG });

type WithHelp<F extends Flags> = F & { help: typeof HELP_FLAG };
type Parsed<F extends Flags> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<F>; strict: true; allowPositionals: true }>>;

export interface CommandInput<F extends Flags> {
  values: Parsed<F>['values'];
  positionals: string[];
}

export interface CommandSpec<F extends Flags> {
  name: string;
  /** One line for `dms --help`. */
  summary: string;
  /** What follows `dms <name>` in the usage line, e.g. `<stack> [--offline] [--out <file>]`. */
  usage: string;
  /** A paragraph or two for `--help`. */
  description: string;
  flags: F;
  /** The name of the positional arguments in messages (`<stack>`, `<file>`); absent when there are none. */
  positionals?: string;
  examples: string[];
  /** Every exit code the command uses, with its meaning (2 is always a bad command line). */
  exitCodes: Record<number, string>;
  /** Exit code of a `ValidationFailed` or `UserError` raised by `run` (default 1). */
  errorExit?: number;
  /** Printed after a `ValidationFailed` or `UserError`, e.g. what was left unchanged. */
  failureNote?: string;
  /** The work; a number returned is the exit code. */
  run(input: CommandInput<F>): void | number | Promise<void | number>;
}

export interface Command {
  name: string;
  summary: string;
  usageLine: string;
  helpText(): string;
  /** Parse `args` and run, setting `process.exitCode`. */
  main(args: readonly string[]): void;
}

/** A command line that cannot be run: every problem, then the usage, exit 2. */
export class UsageError extends UserError {
  constructor(
    readonly problems: string[],
    readonly usage: string,
  ) {
    super(problems.join('\n'));
  }
}

function flagLabel(name: string, flag: Flag): string {
  const long = `--${name}${flag.type === 'string' ? ` <${flag.placeholder ?? 'value'}>` : ''}`;
  return flag.short ? `-${flag.short}, ${long}` : `    ${long}`;
}

export function helpOf<F extends Flags>(spec: CommandSpec<F>): string {
  const flags = flagEntries(spec.flags);
  const labels = flags.map(([name, flag]) => flagLabel(name, flag));
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  const lines = [
    `Usage: dms ${spec.name} ${spec.usage}`.trimEnd(),
    '',
    spec.description.trim(),
    '',
    'Flags:',
    ...flags.map(([, flag], i) => `  ${labels[i].padEnd(width)}${flag.help}${flag.multiple ? ' (repeatable)' : ''}`),
    '',
    spec.examples.length === 1 ? 'Example:' : 'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
    '',
    'Exit codes:',
    ...Object.entries({
      ...spec.exitCodes,
      [EXIT_USAGE]: spec.exitCodes[EXIT_USAGE] ?? 'bad command line (unknown flag, missing value): nothing was done',
    }).map(([code, meaning]) => `  ${code}  ${meaning}`),
    '',
  ];
  return lines.join('\n');
}

/**
 * `args` read against `spec`: `'help'`, or the values and positionals, or a UsageError listing every problem.
 * Tokens first (non-strict, so nothing throws half-way), then a strict parse that can no longer fail.
 */
export function parseCommandLine<F extends Flags>(spec: CommandSpec<F>, args: readonly string[]): 'help' | CommandInput<F> {
  const options: WithHelp<F> = { ...spec.flags, help: HELP_FLAG };
  const usage = `Usage: dms ${spec.name} ${spec.usage}`.trimEnd();
  const { tokens = [] } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'option') {
      if (token.name === 'help') return 'help';
      const flag = Object.hasOwn(spec.flags, token.name) ? spec.flags[token.name] : undefined;
      if (flag === undefined) problems.push(`${token.rawName}: not a flag of dms ${spec.name} (dms ${spec.name} --help lists them)`);
      else if (flag.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))))
        problems.push(`${token.rawName}: needs a value${flag.placeholder ? ` (${flag.placeholder})` : ''}`);
      else if (flag.type === 'boolean' && token.value !== undefined) problems.push(`${token.rawName}: takes no value`);
      else if (!flag.multiple && seen.has(token.name)) problems.push(`${token.rawName}: given more than once`);
      seen.add(token.name);
    } else if (token.kind === 'positional' && spec.positionals === undefined) {
      problems.push(`${token.value}: dms ${spec.name} takes no arguments, only flags`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems, usage);
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  return { values, positionals };
}

/**
 * The directory the user ran the command from: npm runs scripts in the project root and records the caller's
 * directory in INIT_CWD (https://docs.npmjs.com/cli/v11/commands/npm-run-script). Only for `npm run <alias>` of
 * this very command line (its script is `node tools/dms.mjs ...`): any other npm script (`npm test`) may start
 * commands from elsewhere on purpose. Removed once used, so commands this one starts keep their own directory.
 */
export function enterUserDirectory(env: NodeJS.ProcessEnv = process.env): void {
  const initCwd = env.INIT_CWD;
  if (initCwd && /^node tools[\\/]dms\.mjs( |$)/.test(env.npm_lifecycle_script ?? '') && path.resolve(initCwd) !== process.cwd())
    process.chdir(initCwd);
  delete env.INIT_CWD;
}

/** Print a usage error the way every command does. */
export function reportUsageError(error: UsageError): void {
  process.stderr.write(`${error.message}\n\n${error.usage}\n(--help for the flags)\n`);
  process.exitCode = EXIT_USAGE;
}

/**
 * Parse the command line, then either print the help (exit 0), or report a usage error (exit 2), or return
 * the input for the caller to run. Used by the runner below and by entries that run the work themselves
 * (tools/dms.mjs runs synth in its own process, tools/bench.ts is its own bundle).
 */
export function prepare<F extends Flags>(spec: CommandSpec<F>, args: readonly string[]): CommandInput<F> | undefined {
  try {
    const parsed = parseCommandLine(spec, args);
    if (parsed === 'help') {
      process.stdout.write(helpOf(spec));
      return undefined;
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    reportUsageError(error);
    return undefined;
  }
}

export function defineCommand<const F extends Flags>(spec: CommandSpec<F>): Command & { spec: CommandSpec<F> } {
  return {
    spec,
    name: spec.name,
    summary: spec.summary,
    usageLine: `dms ${spec.name} ${spec.usage}`.trimEnd(),
    helpText: () => helpOf(spec),
    main(args) {
      enterUserDirectory();
      const input = prepare(spec, args);
      if (input === undefined) return;
      runCommand(() => spec.run(input), { failureNote: spec.failureNote, errorExit: spec.errorExit });
    },
  };
}
