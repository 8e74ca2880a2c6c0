/**
 * cli/command.ts, the one command-line front end of every dms command: flags read by node:util parseArgs,
 * every problem at once, --help before anything else, and the help text's sections.
 */
import { defineCommand, helpOf, parseCommandLine, UsageError } from '../../cli/command';

const spec = defineCommand({
  name: 'demo',
  summary: 'a command for these tests',
  usage: '<stack>... [--out <dir>] [--tag <t>]... [--json]',
  description: 'Does nothing.',
  flags: {
    out: { type: 'string', placeholder: 'dir', help: 'where to write' },
    tag: { type: 'string', multiple: true, placeholder: 't', help: 'a tag' },
    json: { type: 'boolean', help: 'JSON on stdout' },
  },
  positionals: '<stack>',
  examples: ['npx dms demo a --json'],
  exitCodes: { 0: 'done', 1: 'a problem' },
  run: () => undefined,
}).spec;

const problemsOf = (args: string[]): string[] => {
  try {
    parseCommandLine(spec, args);
    return [];
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
};

test('GIVEN every kind of flag WHEN parsed THEN values and positionals are typed as declared', () => {
  // WHEN
  const parsed = parseCommandLine(spec, ['a', '--out', 'x', '--tag', 't1', '--tag=t2', 'b', '--json', '--', '--not-a-flag']);
  // THEN
  expect(parsed).toEqual({ values: { out: 'x', tag: ['t1', 't2'], json: true }, positionals: ['a', 'b', '--not-a-flag'] });
});

test('GIVEN several mistakes WHEN parsed THEN each is named, in order, in one UsageError', () => {
  // GIVEN an unknown flag, a value on a boolean, a single flag twice and a string flag with no value
  expect(problemsOf(['--bogus', '--json=yes', '--out', 'a', '--out', 'b', '-x', '--tag'])).toEqual([
    '--bogus: not a flag of dms demo (dms demo --help lists them)',
    '--json: takes no value',
    '--out: given more than once',
    '-x: not a flag of dms demo (dms demo --help lists them)',
    '--tag: needs a value (t)',
  ]);
  // GIVEN a string flag followed by another flag THEN the flag is not taken as its value
  expect(problemsOf(['--out', '--json'])).toEqual(['--out: needs a value (dir)']);
  // GIVEN a value that starts with a dash, given inline THEN it is the value
  expect(parseCommandLine(spec, ['--out=-dir'])).toEqual({ values: { out: '-dir' }, positionals: [] });
});

test('GIVEN a command without positionals WHEN given one THEN it is refused by name', () => {
  const none = defineCommand({ ...spec, name: 'bare', positionals: undefined }).spec;
  expect(() => parseCommandLine(none, ['stray'])).toThrow(new UsageError(['stray: dms bare takes no arguments, only flags'], ''));
});

test('GIVEN --help or -h anywhere, even after mistakes WHEN parsed THEN it is help', () => {
  expect(parseCommandLine(spec, ['--bogus', '--help'])).toBe('help');
  expect(parseCommandLine(spec, ['a', '-h', '--out'])).toBe('help');
});

test('GIVEN a command WHEN its help is rendered THEN usage, description, every flag, the example and every exit code (2 included) are there', () => {
  // WHEN
  const help = helpOf(spec);
  // THEN
  expect(help.split('\n')[0]).toBe('Usage: dms demo <stack>... [--out <dir>] [--tag <t>]... [--json]');
  for (const line of [
    'Does nothing.',
    '    --out <dir>  where to write',
    '    --tag <t>    a tag (repeatable)',
    '    --json       JSON on stdout',
    '-h, --help       print this help and exit',
    'Example:\n  npx dms demo a --json',
    '  0  done',
    '  1  a problem',
    '  2  bad command line',
  ]) {
    expect(help).toContain(line);
  }
});
