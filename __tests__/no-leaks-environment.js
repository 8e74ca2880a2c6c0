// Jest's node environment, failing a suite that leaves something running in the worker after its last test.
//
// A Jest worker exits only when its event loop is empty; one that does not within 500 ms of the run's end is
// killed with "A worker process has failed to exit gracefully", which names no suite. The suites start real
// servers and processes (fake AWS APIs, s3rver, dynalite, PostgreSQL, Ceph, Terraform), so this counts the
// worker's active handles (process.getActiveResourcesInfo: servers, sockets, child processes, timers) when the
// suite starts and after it ends, and names what a suite left behind.
const { TestEnvironment } = require('jest-environment-node');
const path = require('node:path');

// A child process killed in afterAll is reaped, and a closed server's last socket ends, a moment later.
const SETTLE_MS = 2_000;

const resourceCounts = () => {
  const counts = new Map();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
};

const added = (before, after) =>
  [...after]
    .filter(([type, count]) => count > (before.get(type) ?? 0))
    .map(([type, count]) => `${count - (before.get(type) ?? 0)} ${type}`);

class NoLeaksEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    await super.setup();
    this.resourcesBefore = resourceCounts();
  }

  async teardown() {
    await super.teardown();
    const deadline = Date.now() + SETTLE_MS;
    let left = added(this.resourcesBefore, resourceCounts());
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = added(this.resourcesBefore, resourceCounts());
    }
    if (left.length > 0)
      throw new Error(
        `${path.relative(process.cwd(), this.testPath)} left running after its last test: ${left.join(', ')}. Close its ` +
          'servers, wait for its child processes and clear its timers in afterAll: a worker with these cannot exit.',
      );
  }
}

module.exports = NoLeaksEnvironment;
