/**
 * tools/load-bundle.js runs dist/ bundles with a V8 code cache. V8 checks a cache against the source length
 * only, so the loader keys it by the source's SHA-256: a same-length rebuild must run the new code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';

const loader = path.join(projectRoot(), 'tools', 'load-bundle.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-load-bundle-'));
const bundle = path.join(work, 'bundle.js');
const cache = `${bundle}.v8cache`;
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Each load in a process of its own: the cache is written at exit. */
function load(): string {
  const result = spawnSync(
    process.execPath,
    ['-e', `console.log(require(${JSON.stringify(loader)})(${JSON.stringify(bundle)}).answer())`],
    {
      encoding: 'utf8',
    },
  );
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

const writeBundle = (value: string) =>
  fs.writeFileSync(bundle, `exports.answer = function answer() { return ${JSON.stringify(value)} + __filename.slice(-10); };\n`);

test('GIVEN a bundle run once (its cache written) WHEN rebuilt with other code of the same length THEN the new code runs, and its cache replaces the old', () => {
  // GIVEN
  writeBundle('first');
  expect(load()).toBe('first/bundle.js');
  const firstCache = fs.readFileSync(cache);
  expect(firstCache.toString('utf8', 0, 65)).toMatch(/^[0-9a-f]{64}\n$/);

  // WHEN
  writeBundle('other');

  // THEN
  expect(load()).toBe('other/bundle.js');
  expect(fs.readFileSync(cache).equals(firstCache)).toBe(false);
});

test('GIVEN a bundle with its cache WHEN run again unchanged THEN it runs from that cache, which stays as it was', () => {
  // GIVEN
  writeBundle('again');
  load();
  const written = fs.readFileSync(cache);

  // WHEN
  const answer = load();

  // THEN
  expect(answer).toBe('again/bundle.js');
  expect(fs.readFileSync(cache).equals(written)).toBe(true);
  expect(fs.readdirSync(work).sort()).toEqual(['bundle.js', 'bundle.js.v8cache']);
});
