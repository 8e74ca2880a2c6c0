// `npm run synth` and cdktf.json's `app`: build dist/ if sources changed (esbuild, no type-check), then run the
// app in this same process, so a synth costs one Node start-up.
//
// The bundle is compiled with a V8 code cache kept next to it (dist/main.js.v8cache): V8 skips parsing and
// compiling what it compiled last time, about a fifth of a default synth. V8 checks a cache only against the
// source's LENGTH (and its own version and flags), so a rebuilt bundle of the same length would run the old
// bytecode, i.e. synthesize the old config. The cache file therefore starts with a SHA-256 of the exact source
// and Node version it was made from, and is used only when that matches.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import { build } from './build.mjs';

/**
 * Synthesize in this process. `hcl`: cdk.tf instead of cdk.tf.json, the same switch `cdktf synth --hcl` sets.
 * `built`: the caller has just run build() (tools/dms.mjs), so the inputs are not hashed twice.
 */
export async function synth({ hcl = false, built = false } = {}) {
  process.env.CHECKPOINT_DISABLE ??= '1';
  if (hcl) process.env.SYNTH_HCL_OUTPUT = 'true';
  if (!built) await build();
  runBundle();
}

function runBundle() {
  const file = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'main.js');
  const cacheFile = `${file}.v8cache`;
  // Hashed as bytes: hashing the decoded string would re-encode 3 MB of UTF-8 and cost ten times as much.
  const bytes = fs.readFileSync(file);
  const source = bytes.toString('utf8');
  const key = Buffer.from(
    `${crypto
      .createHash('sha256')
      .update(bytes)
      .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)
      .digest('hex')}\n`,
  );
  let cachedData;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, key.length).equals(key)) cachedData = cache.subarray(key.length);
  } catch {
    cachedData = undefined;
  }
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
      fs.writeFileSync(temporary, Buffer.concat([key, script.createCachedData()]));
      fs.renameSync(temporary, cacheFile);
    });
  }
}

// cdktf.json's `app` (and `node tools/synth.mjs [--hcl]`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await synth({ hcl: process.argv.includes('--hcl') });
