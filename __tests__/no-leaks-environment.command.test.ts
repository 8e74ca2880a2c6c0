/**
 * __tests__/no-leaks-environment.js (every project's test environment) fails a suite that leaves a server, a
 * child process or a timer running in its worker, naming the suite: such a worker cannot exit, and Jest then
 * kills it with a message that names no suite.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const fixtures = path.join(__dirname, 'fixtures', 'no-leaks');

test('GIVEN a suite that leaves its server listening and one that closes everything WHEN Jest runs them THEN only the first fails, named, with what it left', () => {
  // GIVEN
  const config = {
    rootDir: fixtures,
    testMatch: ['**/*.fixture.js'],
    testEnvironment: path.join(__dirname, 'no-leaks-environment.js'),
  };

  // WHEN (--forceExit: in band, the leaked server is in Jest's own process)
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--runInBand', '--forceExit', '--ci'],
    { cwd: fixtures, encoding: 'utf8', timeout: 60_000 },
  );

  // THEN
  expect(jest.status).toBe(1);
  expect(jest.stderr).toMatch(
    /FAIL \.\/leaves-a-server\.fixture\.js[\s\S]*leaves-a-server\.fixture\.js left running after its last test: 1 TCPServerWrap\./,
  );
  expect(jest.stderr).toMatch(/PASS \.\/closes-its-server\.fixture\.js/);
  expect(jest.stderr).toMatch(/Test Suites: 1 failed, 1 passed, 2 total/);
});
