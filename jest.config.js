/**
 * Four Jest projects (`npx jest --selectProjects unit`, or `npm run test:unit`):
 * - unit: in-process tests; no spawned commands, no Terraform, no servers. The inner loop.
 * - commands: the built commands run as users run them (`*.command.test.ts`), on fixtures and on the active config.
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
