/**
 * Four Jest projects (`npx jest --selectProjects unit`, or `npm run test:unit`):
 * - unit: in-process tests; no spawned commands, no Terraform, no servers. The inner loop.
 * - commands: spawned commands (`*.command.test.ts`): the built commands run as users run them, on fixtures and on
 *   the active config; the project's tools, the workflow validator and the test harness run as processes.
 * - terraform: suites that run the real Terraform CLI offline (`*.terraform.test.ts`).
 * - integration: local servers (s3rver, dynalite, PostgreSQL, Ceph), killed processes, and suites that copy and
 *   rebuild the whole project (`*.integration.test.ts`, `*.process.test.ts`, INTEGRATION below).
 * Jest transforms TypeScript with swc (no type-check; `npm run typecheck` does that once).
 */
const INTEGRATION = ['<rootDir>/__tests__/cli/generate.test.ts', '<rootDir>/__tests__/tools/synth.test.ts'];

const common = {
  testEnvironment: '<rootDir>/__tests__/no-leaks-environment.js',
  roots: ['<rootDir>/__tests__'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/__tests__/global-setup.js',
  setupFiles: ['<rootDir>/__tests__/plain-stack-traces.js'],
  runtime: '<rootDir>/__tests__/code-cache-runtime.js',
};

module.exports = {
  testTimeout: 30000,
  // Jest's default leaves one core to the main thread, which mostly waits; on a 2-core machine that halves
  // throughput. The suites are independent, so use every core.
  maxWorkers: '100%',
  // Jest kills a worker that has not exited 500 ms after the run's end ("failed to exit gracefully"). Measured
  // here, a finished worker's event loop is empty 1-3 ms after Jest's end message; what follows is the kernel
  // freeing the worker's memory: 0.13 s for a 550 MB worker, 0.25 s for a 900 MB one, on an idle 2-core machine,
  // more when both workers and Jest exit at once on a busy one. 2 s lets such a worker end on its own; one kept
  // alive by a handle is still killed with that message, and no-leaks-environment.js names the suite that left it.
  workerGracefulExitTimeout: 2000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '\\.command\\.test\\.ts$',
        '\\.terraform\\.test\\.ts$',
        '\\.integration\\.test\\.ts$',
        '\\.process\\.test\\.ts$',
        ...INTEGRATION.map((file) => file.replace('<rootDir>', '')),
      ],
    },
    { ...common, displayName: 'commands', testMatch: ['**/*.command.test.ts'] },
    { ...common, displayName: 'terraform', testMatch: ['**/*.terraform.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['**/*.integration.test.ts', '**/*.process.test.ts', ...INTEGRATION] },
  ],
};
