// Transpile (no type-check) the app and the project's commands into dist/ with esbuild. Type-checking is
// `npm run typecheck`, run by `npm test`.
//
// Everything, node_modules included, is bundled into one file per entry point: Node then compiles one script
// instead of resolving and loading hundreds of modules, which halves synth time (see README, Performance).
// The build is skipped when every output is newer than every input, so repeated synths pay nothing for it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ENTRY_POINTS = ['main.ts', 'scripts/bench.ts', 'scripts/check.ts', 'scripts/generate-config.ts', 'scripts/generate-pipeline-schema.ts', 'scripts/plan.ts', 'scripts/preflight.ts', 'scripts/prereqs.ts', 'scripts/review.ts'];
const SOURCE_DIRS = ['config', 'mappings', 'modules', 'platform', 'scripts', 'stacks'];

const outputOf = (entry) => path.join(root, 'dist', entry.replace(/\.ts$/, '.js'));

function newestInput() {
  let newest = 0;
  const visit = (file) => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
    } else if (/\.(ts|mjs|json)$/.test(file)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(root, dir));
  for (const file of ['main.ts', 'package-lock.json']) visit(path.join(root, file));
  return newest;
}

function upToDate() {
  try {
    const oldestOutput = Math.min(...ENTRY_POINTS.map((entry) => fs.statSync(outputOf(entry)).mtimeMs));
    return oldestOutput > newestInput();
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

/** Build dist/ unless it is already newer than every source file. */
export async function build({ force = false } = {}) {
  if (!force && upToDate()) return;
  const { build: esbuild } = await import('esbuild');
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
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build({ force: process.argv.includes('--force') });
}
