// Transpile (no type-check) the app and the project's commands into dist/ with esbuild. Type-checking is
// `npm run typecheck`, run by `npm test`.
//
// Everything, node_modules included, is bundled into one file per entry point: Node then compiles one script
// instead of resolving and loading hundreds of modules, which halves synth time (see README, Performance).
// The build is skipped when the inputs are byte-identical to those of the last build: dist/.build-inputs holds
// a SHA-256 of every input file's path and content. Never mtimes: a file restored with an old mtime (git
// stash, cp -p, tar) must still rebuild, or synth would emit infrastructure from stale code.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_FOLDERS } from './check-layers.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// main.ts stays a bundle of its own: synth loads nothing else. Every command is in cli/dms.ts's bundle, except
// synth's command line (a few kB, read before the synth) and the benchmark (it imports tools/).
const ENTRY_POINTS = [
  { in: 'main.ts', out: 'main' },
  { in: 'cli/dms.ts', out: 'cli/dms' },
  { in: 'cli/synth.ts', out: 'cli/synth-command-line' },
  { in: 'tools/bench.ts', out: 'tools/bench' },
  { in: 'tools/generate-config.ts', out: 'tools/generate-config' },
];
// dist/cli/<command>.js for each cli/<command>.ts: a one-line alias of `dms <command>`, for scripts and tests that
// run one command by file.
const NOT_COMMANDS = new Set(['command.ts', 'dms.ts']);
const commandNames = () =>
  fs
    .readdirSync(path.join(root, 'cli'))
    .filter((name) => name.endsWith('.ts') && !NOT_COMMANDS.has(name))
    .map((name) => name.slice(0, -'.ts'.length))
    .sort();
// What the bundles are made of besides the sources: the dependency tree npm installed (node_modules/.package-lock.json
// changes with every install) and the lock file it came from.
const OTHER_INPUTS = ['main.ts', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];
const INPUTS_FILE = path.join(root, 'dist', '.build-inputs');

const outputs = () =>
  [...ENTRY_POINTS.map((entry) => `${entry.out}.js`), ...commandNames().map((name) => `cli/${name}.js`)].map((file) =>
    path.join(root, 'dist', file),
  );

/** SHA-256 over every input's relative path and bytes, in a fixed order. */
export function inputsHash() {
  const files = [];
  const visit = (relative) => {
    const full = path.join(root, relative);
    let entries;
    try {
      entries = fs.readdirSync(full, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (/\.(ts|mjs|js|json|sh)$/.test(entry.name)) files.push(child);
    }
  };
  for (const dir of SOURCE_FOLDERS) visit(dir);
  files.push(...OTHER_INPUTS);
  const hash = crypto.createHash('sha256');
  for (const file of files.sort()) {
    let content;
    try {
      content = fs.readFileSync(path.join(root, file));
    } catch {
      content = Buffer.from('<absent>');
    }
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

function upToDate(hash) {
  try {
    if (fs.readFileSync(INPUTS_FILE, 'utf8') !== hash) return false;
    return outputs().every((file) => fs.statSync(file).isFile());
  } catch {
    return false;
  }
}

/**
 * cdktf captures a full stack trace for every token it creates, only to quote it if that token later fails to
 * resolve. On a 50-pipeline synth that is a tenth of the run time. The bundled app skips the capture; errors
 * still name the failing value, and the unbundled code (tests, ts-node) keeps the traces.
 */
const withoutTokenStackTraces = {
  name: 'without-token-stack-traces',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: 'exports.captureStackTrace = function captureStackTrace() { return []; };',
      loader: 'js',
    }));
  },
};

/** Build dist/ unless it was last built from exactly these inputs. */
export async function build({ force = false } = {}) {
  const hash = inputsHash();
  if (!force && upToDate(hash)) return;
  const { build: esbuild } = await import('esbuild');
  // Removed first: a build that fails half-way must not leave the old hash next to new outputs.
  fs.rmSync(INPUTS_FILE, { force: true });
  await esbuild({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outbase: '.',
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    legalComments: 'none',
    // hcl-tools loads its WebAssembly file relative to its own directory, so it stays in node_modules; pg-native
    // is node-postgres's optional native binding, required only by `new pg.native.Client()`, and not installed.
    external: ['@cdktf/hcl-tools', 'pg-native'],
    plugins: [withoutTokenStackTraces],
  });
  for (const name of commandNames()) {
    fs.writeFileSync(
      path.join(root, 'dist', 'cli', `${name}.js`),
      `// dms ${name}: written by tools/build.mjs\nrequire('../../tools/load-bundle.js')(require.resolve('./dms.js')).main(['${name}', ...process.argv.slice(2)]);\n`,
    );
  }
  fs.writeFileSync(INPUTS_FILE, hash);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build({ force: process.argv.includes('--force') });
}
