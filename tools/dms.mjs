#!/usr/bin/env node
// The `dms` command (package.json `bin`; `npx dms <command>`, and every `npm run <command>` alias): build dist/
// when the sources changed (tools/build.mjs, keyed by content: near-instant when up to date), then run the
// command from the bundle. `synth` reads its command line from a bundle of its own few kB and synthesizes in
// this process, so `npm run synth` costs one Node start-up as before; every other command is in dist/cli/dms.js.
// Both bundles run with a V8 code cache (tools/load-bundle.js).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import loadBundle from './load-bundle.js';

await build();
const require = createRequire(import.meta.url);
const [name, ...rest] = process.argv.slice(2);
if (name === 'synth') {
  const options = require('../dist/cli/synth-command-line.js').synthCommandLine(rest);
  if (options !== undefined) await (await import('./synth.mjs')).synth({ ...options, built: true });
} else {
  loadBundle(fileURLToPath(new URL('../dist/cli/dms.js', import.meta.url))).main(process.argv.slice(2));
}
