/**
 * `dms <command> [flags]`: every user command behind one name (package.json `bin`, through tools/dms.mjs, which
 * builds dist/ first). `dms --help` lists the commands; `dms <command> --help` prints one command's flags,
 * an example and its exit codes. dist/cli/<command>.js is a one-line alias of `dms <command>` (tools/build.mjs).
 */
import { command as adopt } from './adopt';
import { command as bench } from './bench';
import { command as check } from './check';
import { type Command, EXIT_USAGE } from './command';
import { command as discover } from './discover';
import { command as generate } from './generate';
import { command as offlineOut } from './offline-out';
import { command as plan } from './plan';
import { command as preflight } from './preflight';
import { command as prereqs } from './prereqs';
import { command as review } from './review';
import { command as runbook } from './runbook';
import { command as schema } from './schema';
import { command as synth } from './synth';
import { command as vcsOut } from './vcs-out';

/** In the order `dms --help` lists them: the daily loop first. */
export const COMMANDS: readonly Command[] = [
  synth,
  check,
  review,
  plan,
  adopt,
  prereqs,
  preflight,
  discover,
  runbook,
  generate,
  vcsOut,
  offlineOut,
  bench,
  schema,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: dms <command> [flags]      (npx dms <command> from anywhere in the project)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'dms <command> --help prints its flags, an example and its exit codes.',
    'Paths on the command line are relative to the directory you run it from.',
    '',
  ].join('\n');
}

export function main(args: readonly string[]): void {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // `dms` alone is a bad command line; `dms --help` is a question.
    (name === undefined ? process.stderr : process.stdout).write(overview());
    if (name === undefined) process.exitCode = EXIT_USAGE;
    return;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`${name}: not a dms command\n\n${overview()}`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  command.main(rest);
}

if (require.main === module) main(process.argv.slice(2));
