// `npm run synth` and cdktf.json's `app`: build dist/ if sources changed (esbuild, no type-check), then run the
// app in this same process, so a synth costs one Node start-up.
//
// The bundle is compiled with a V8 code cache kept next to it (dist/main.js.v8cache): V8 skips parsing and
// compiling what it compiled last time, about a fifth of a default synth. A cache from another build or Node
// version is rejected by V8 and rewritten.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import { build } from './build.mjs';

process.env.CHECKPOINT_DISABLE ??= '1';
// `--hcl` (npm run synth:hcl): cdk.tf instead of cdk.tf.json, the same switch `cdktf synth --hcl` sets.
if (process.argv.includes('--hcl')) process.env.SYNTH_HCL_OUTPUT = 'true';
await build();

const file = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'main.js');
const cacheFile = `${file}.v8cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const source = fs.readFileSync(file, 'utf8');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));

// Written at exit, so the cache also holds the functions the synth itself compiled.
if (cachedData === undefined || script.cachedDataRejected) {
  process.on('exit', () => {
    const temporary = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile);
  });
}
