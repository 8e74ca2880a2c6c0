// Jest's runtime (the documented `runtime` option), with V8's code cache for the modules it compiles.
//
// Jest gives every test file a fresh module registry, so each worker compiles cdktf, @cdktf/provider-aws and zod
// again for every suite: ~20,000 compilations of the same sources in the unit tier, a fifth of its CPU time.
// Here a worker keeps the code cache V8 produces the first time it compiles a file (Node: vm.compileFunction,
// `produceCachedData` / `cachedData`) and hands it back when the same file comes again with the same source:
// V8 then skips parsing. Each suite still evaluates every module afresh in its own context; the cache holds
// compiled code, never module state. Keyed by file name, wrapper parameters and the whole source text
// (compared, not hashed), and V8 itself rejects data that does not fit; a rejected entry is dropped.
const vm = require('node:vm');

const compileFunction = vm.compileFunction;
const codeCache = new Map();

vm.compileFunction = function compileWithCodeCache(code, params, options = {}) {
  if (options.cachedData !== undefined || options.produceCachedData !== undefined) return compileFunction(code, params, options);
  const key = `${options.filename}\0${(params ?? []).join(',')}`;
  const entry = codeCache.get(key);
  if (entry?.code === code) {
    const compiled = compileFunction(code, params, { ...options, cachedData: entry.data });
    if (compiled.cachedDataRejected) codeCache.delete(key);
    return compiled;
  }
  const compiled = compileFunction(code, params, { ...options, produceCachedData: true });
  // V8 makes the cache buffer in the suite's context (parsingContext); kept as is, it would keep that whole
  // context, and everything the suite built, alive for the rest of the worker's life. A copy made here does not.
  if (compiled.cachedDataProduced) codeCache.set(key, { code, data: Buffer.from(compiled.cachedData) });
  return compiled;
};

module.exports = require('jest-runtime');
