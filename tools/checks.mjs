// The static checks `npm test` runs before Jest: typecheck, the layer check, eslint, prettier --check and knip.
// They are independent, so they run side by side, as many at once as the machine has cores (on two cores, 12 s
// instead of 16 s one after another). Each check's output is printed whole when it ends, so outputs never
// interleave; the exit is 1 if any check failed, 2 on a bad command line.
// Usage: node tools/checks.mjs [check ...]   (no check: all of them)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

/**
 * Name → command, in the order they start (the slowest first). tsc, prettier and eslint keep what they learnt
 * about each file in `cache` (node_modules/.cache/dms-checks/<tree>/ for `npm test`), keyed by the file's
 * CONTENT (tsc's build info hashes every file's text; `--cache-strategy content` for the other two: the
 * default would trust a file whose modification time and size are unchanged). A checkout whose sources did
 * not change is checked in a third of the time (5 against 16 s, 8 against 30 CPU-s, on two cores). The folder
 * is named by a hash of the installed dependency tree (node_modules/.package-lock.json, rewritten by every
 * install), so a new version of a linter or a plugin never meets an old cache; a clean clone has none.
 */
export function checksWithCacheIn(cache) {
  return {
    typecheck: [bin('tsc'), ['--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', path.join(cache, 'tsconfig.tsbuildinfo')]],
    prettier: [
      bin('prettier'),
      ['--check', '--log-level', 'warn', '--cache', '--cache-strategy', 'content', '--cache-location', path.join(cache, 'prettier'), '.'],
    ],
    eslint: [bin('eslint'), ['--cache', '--cache-strategy', 'content', '--cache-location', path.join(cache, 'eslint'), '.']],
    knip: [bin('knip'), []],
    layers: [process.execPath, [path.join(ROOT, 'tools', 'check-layers.mjs')]],
  };
}

function dependencyTreeHash() {
  try {
    return createHash('sha256')
      .update(fs.readFileSync(path.join(ROOT, 'node_modules', '.package-lock.json')))
      .digest('hex')
      .slice(0, 16);
  } catch {
    return 'no-install';
  }
}

export const CHECKS = checksWithCacheIn(path.join(ROOT, 'node_modules', '.cache', 'dms-checks', dependencyTreeHash()));

function run(name, [command, args], cwd) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, status: -1, output: `${output}${error.message}\n`, seconds: 0 }));
    child.on('close', (status) => resolve({ name, status: status ?? -1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Run `checks` (name → [command, args]) at most `parallel` at a time; a result per check, in start order. */
export async function runChecks(checks, { cwd = ROOT, parallel = os.availableParallelism(), report = () => {} } = {}) {
  const queue = Object.entries(checks);
  const results = [];
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const result = await run(next[0], next[1], cwd);
      report(result);
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, lane));
  return Object.keys(checks).map((name) => results.find((r) => r.name === name));
}

async function main(argv) {
  const unknown = argv.filter((name) => !(name in CHECKS));
  if (argv.includes('--help') || unknown.length > 0) {
    const stream = unknown.length > 0 && !argv.includes('--help') ? process.stderr : process.stdout;
    if (unknown.length > 0 && !argv.includes('--help')) stream.write(`${unknown.join(', ')}: not a check\n\n`);
    stream.write(`Usage: node tools/checks.mjs [check ...]\nChecks: ${Object.keys(CHECKS).join(', ')} (default: all)\n`);
    return argv.includes('--help') ? 0 : 2;
  }
  const chosen = argv.length > 0 ? Object.fromEntries(argv.map((name) => [name, CHECKS[name]])) : CHECKS;
  const results = await runChecks(chosen, {
    report: ({ name, status, output, seconds }) =>
      process.stderr.write(`${output}${status === 0 ? 'passed' : `FAILED (exit ${status})`}: ${name} (${seconds.toFixed(1)} s)\n`),
  });
  const failed = results.filter((r) => r.status !== 0).map((r) => r.name);
  if (failed.length > 0) process.stderr.write(`checks failed: ${failed.join(', ')}\n`);
  return failed.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
