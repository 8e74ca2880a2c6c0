// Before any test file runs:
// - build dist/ once: several suites run the bundled commands as users do, and building from each of them in
//   parallel workers would race on the same files;
// - find the offline provider mirror when TF_PLUGIN_MIRROR is not set, so a plain `npm test` runs the Terraform
//   suites on any machine that has one (workers start after this and inherit the variable).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const tools = path.join(__dirname, '..', 'tools');
  execFileSync('node', [path.join(tools, 'build.mjs')], { stdio: 'inherit' });
  if (!process.env.TF_PLUGIN_MIRROR) {
    const mirror = execFileSync(path.join(tools, 'find-plugin-mirror.sh'), { encoding: 'utf8' }).trim();
    if (mirror) process.env.TF_PLUGIN_MIRROR = mirror;
  }
};
