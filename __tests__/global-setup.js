// Before any test file of a project runs (Jest runs this once per selected project):
// - build dist/ once for the projects that run the bundled commands as users do (all but unit, which runs
//   nothing built): building from each suite in parallel workers would race on the same files (a no-op when
//   dist/ is up to date);
// - for the terraform and integration projects, find the offline provider mirror when TF_PLUGIN_MIRROR is not
//   set, so a plain `npm test` runs the Terraform suites on any machine that has one (workers start after this
//   and inherit the variable). The unit project needs no Terraform: it skips the disk scan, which takes seconds.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

let built = false;

module.exports = async (_globalConfig, projectConfig) => {
  const tools = path.join(__dirname, '..', 'tools');
  const project = projectConfig?.displayName?.name ?? projectConfig?.displayName;
  if (project !== 'unit' && !built) {
    execFileSync('node', [path.join(tools, 'build.mjs')], { stdio: 'inherit' });
    built = true;
  }
  if (project !== 'unit' && !process.env.TF_PLUGIN_MIRROR) {
    const mirror = execFileSync(path.join(tools, 'find-plugin-mirror.sh'), { encoding: 'utf8' }).trim();
    if (mirror) process.env.TF_PLUGIN_MIRROR = mirror;
  }
};
