/** Jest transforms TypeScript with swc (no type-check; `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/__tests__/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  testTimeout: 30000,
  // Jest's default leaves one core to the main thread, which mostly waits; on a 2-core machine that halves
  // throughput. The suites are independent, so use every core.
  maxWorkers: '100%',
};
