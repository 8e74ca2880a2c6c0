// Before any test file of a project runs (Jest runs this once per selected project):
// - build dist/ once for the projects that run the bundled commands as users do (all but unit, which runs
//   nothing built): building from each suite in parallel workers would race on the same files (a no-op when
//   dist/ is up to date);
// - for the terraform and integration projects, find the offline provider mirror when TF_PLUGIN_MIRROR is not
//   set, so a plain `npm test` runs the Terraform suites on any machine that has one (workers start after this
//   and inherit the variable). The unit project needs no Terraform: it skips the disk scan, which takes seconds.
// - for the same projects, the Go collector of the Terraform and provider processes the suites start: off until
//   a process holds 1 GiB (GOGC=off, GOMEMLIMIT=1GiB; https://go.dev/doc/gc-guide#Memory_limit), instead of the
//   GOGC=400 offline runs use (app/terraform-offline.ts). Their heaps stay under the limit, so they collect
//   little or not at all: the Terraform tier took 7 % less CPU and wall time (129 against 139 CPU-s, two runs
//   each), peak RSS 1.2 GB against 1.0 GB. Tests only: on two cores running two suites at once CPU is what runs
//   out, and a user's single plan is no faster for it. A GOGC or a GOMEMLIMIT already set is kept.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

let built = false;

module.exports = async (_globalConfig, projectConfig) => {
  const tools = path.join(__dirname, '..', 'tools');
  const project = projectConfig?.displayName?.name ?? projectConfig?.displayName;
  if (project === 'unit') return;
  if (!built) {
    execFileSync('node', [path.join(tools, 'build.mjs')], { stdio: 'inherit' });
    built = true;
  }
  process.env.GOGC ??= 'off';
  process.env.GOMEMLIMIT ??= '1GiB';
  if (!process.env.TF_PLUGIN_MIRROR) {
    const mirror = execFileSync(path.join(tools, 'find-plugin-mirror.sh'), { encoding: 'utf8' }).trim();
    if (mirror) process.env.TF_PLUGIN_MIRROR = mirror;
  }
};
