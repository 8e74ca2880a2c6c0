/**
 * __tests__/code-cache-runtime.js (every project's Jest runtime) hands V8's code cache from one suite's compile
 * to the next, and must not keep a finished suite's context alive: a kept context holds everything that suite
 * built, so a worker's heap grew with every suite (to about 700 MB after a whole `npm test`) and the worker took
 * longer to exit than Jest waits. Run in a fresh Node process: the runtime patches `vm.compileFunction` for its
 * whole process, and the check needs the garbage collector on demand.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const RUNTIME = path.join(__dirname, 'code-cache-runtime.js');

/** Runs `body` in a Node process that has loaded the runtime; `gc()` and `collected(ref)` are in scope. Returns what it printed. */
function inRuntimeProcess(body: string): string {
  const script = `
    const v8 = require('node:v8');
    v8.setFlagsFromString('--expose-gc');
    const vm = require('node:vm');
    const gc = vm.runInNewContext('gc');
    require(${JSON.stringify(RUNTIME)});
    // A WeakRef's target survives the job that made it: collect on later turns.
    const collected = (ref) => new Promise((resolve) => setTimeout(() => { gc(); setTimeout(() => { gc(); resolve(ref.deref() === undefined); }, 10); }, 10));
    (async () => { ${body} })();
  `;
  const node = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (node.status !== 0) throw new Error(`node exited ${node.status}:\n${node.stderr}`);
  return node.stdout.trim();
}

test('GIVEN a module compiled in a context that is then dropped WHEN the collector runs THEN the context is gone', () => {
  // GIVEN / WHEN
  const printed = inRuntimeProcess(`
    let suiteGlobal;
    (() => {
      const context = vm.createContext({});
      suiteGlobal = new WeakRef(vm.compileFunction('return globalThis', [], { filename: '/suite/a.js', parsingContext: context })());
    })();
    console.log(JSON.stringify({ collected: await collected(suiteGlobal) }));
  `);

  // THEN
  expect(JSON.parse(printed)).toEqual({ collected: true });
});

test('GIVEN the same file compiled in a second context WHEN it runs THEN it uses the cache and sees its own context', () => {
  // GIVEN / WHEN
  const printed = inRuntimeProcess(`
    const compileIn = (context, code) => vm.compileFunction(code, ['marker'], { filename: '/suite/b.js', parsingContext: context });
    const first = vm.createContext({ name: 'first' });
    const second = vm.createContext({ name: 'second' });
    const code = 'return name + ":" + marker';
    const fromFirst = compileIn(first, code);
    const fromSecond = compileIn(second, code);
    const edited = compileIn(second, code + ' + "!"');
    console.log(JSON.stringify({
      results: [fromFirst('x'), fromSecond('y'), edited('z')],
      rejected: [fromSecond.cachedDataRejected, edited.cachedDataRejected ?? 'no cache given'],
    }));
  `);

  // THEN: the second compile was given the first one's cache (accepted); the edited source got none
  expect(JSON.parse(printed)).toEqual({ results: ['first:x', 'second:y', 'second:z!'], rejected: [false, 'no cache given'] });
});
