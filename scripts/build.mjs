// Transpile (no type-check) the app and the project's commands into dist/ with esbuild, in one pass.
// Type-checking is `npm run typecheck`.
import { build } from 'esbuild';

await build({
  entryPoints: ['main.ts', 'scripts/check.ts', 'scripts/generate-pipeline-schema.ts'],
  outbase: '.',
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Dependencies load from node_modules at run time: provider classes stay deep imports, nothing is inlined.
  packages: 'external',
  logLevel: 'warning',
});
