/**
 * `dms <command> [flags]`: every user command behind one name (package.json `bin`, through tools/dms.mjs, which
 * builds dist/ first). `dms --help` lists the commands; `dms <command> --help` prints one command's flags,
 * an example and its exit codes. dist/cli/<command>.js is a one-line alias of `dms <command>` (tools/build.mjs).
 */
import { type Command, EXIT_USAGE } from './command';

/**
 * Every command, in the order `dms --help` lists them (the daily loop first). A command's module is loaded when
 * that command runs: the bundle holds them all, but `dms check` evaluates no cdktf and no PostgreSQL client,
 * which were a quarter of its run (0.127 against 0.175 CPU-s on the team's mapping file, paired). The key is
 * the command's name, as its file's (tools/build.mjs writes dist/cli/<name>.js from cli/<name>.ts).
 */
const COMMAND_MODULES = {
  synth: () => import('./synth'),
  check: () => import('./check'),
  review: () => import('./review'),
  plan: () => import('./plan'),
  adopt: () => import('./adopt'),
  prereqs: () => import('./prereqs'),
  preflight: () => import('./preflight'),
  discover: () => import('./discover'),
  runbook: () => import('./runbook'),
  generate: () => import('./generate'),
  'vcs-out': () => import('./vcs-out'),
  'offline-out': () => import('./offline-out'),
  bench: () => import('./bench'),
  schema: () => import('./schema'),
} satisfies Record<string, () => Promise<{ command: Command }>>;

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMAND_MODULES);

const isCommandName = (name: string): name is keyof typeof COMMAND_MODULES => Object.hasOwn(COMMAND_MODULES, name);

/** The command called `name`, loaded; undefined when there is none. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return isCommandName(name) ? (await COMMAND_MODULES[name]()).command : undefined;
}

/** Every command, loaded, in listing order. */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMAND_MODULES).map(async (load) => (await load()).command));
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: dms <command> [flags]      (npx dms <command> from anywhere in the project)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'dms <command> --help prints its flags, an example and its exit codes.',
    'Paths on the command line are relative to the directory you run it from.',
    '',
  ].join('\n');
}

export async function main(args: readonly string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // `dms` alone is a bad command line; `dms --help` is a question.
    (name === undefined ? process.stderr : process.stdout).write(overview(await loadCommands()));
    if (name === undefined) process.exitCode = EXIT_USAGE;
    return;
  }
  const command = await loadCommand(name);
  if (command === undefined) {
    process.stderr.write(`${name}: not a dms command\n\n${overview(await loadCommands())}`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  command.main(rest);
}

if (require.main === module) void main(process.argv.slice(2));
