// Load a dist/ bundle (CommonJS) with a V8 code cache kept next to it (<bundle>.v8cache): V8 skips parsing and
// compiling what it compiled last time, about a fifth of a default synth and most of a short command's run.
// V8 checks a cache only against the source's LENGTH (and its own version and flags), so a rebuilt bundle of the
// same length would run the old bytecode, i.e. old code. The cache file therefore starts with a SHA-256 of the
// exact source and Node version it was made from, and is used only when that matches. Used by tools/synth.mjs,
// tools/dms.mjs and the dist/cli/<command>.js aliases tools/build.mjs writes.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** The bundle's module.exports, as `require(file)` would return them. */
module.exports = function loadBundle(file) {
  const cacheFile = `${file}.v8cache`;
  // Hashed as bytes: hashing the decoded string would re-encode megabytes of UTF-8 and cost ten times as much.
  const bytes = fs.readFileSync(file);
  const key = Buffer.from(
    `${createHash('sha256')
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
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, {
    filename: file,
    cachedData,
  });
  // Written at exit, so the cache also holds the functions the run itself compiled; renamed into place, so a
  // concurrent run reads the old cache or the new one, never half of one.
  if (cachedData === undefined || script.cachedDataRejected) {
    process.on('exit', () => {
      const temporary = `${cacheFile}.${process.pid}`;
      try {
        fs.writeFileSync(temporary, Buffer.concat([key, script.createCachedData()]));
        fs.renameSync(temporary, cacheFile);
      } catch {
        fs.rmSync(temporary, { force: true });
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
};
