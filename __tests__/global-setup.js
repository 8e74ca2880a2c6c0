// Build dist/ once before any test file runs: several suites run the bundled commands as users do, and building
// from each of them in parallel workers would race on the same files.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  execFileSync('node', [path.join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
};
