/**
 * `npm run runbook`: the runbook per stack filled from the synthesized stack and the config (outputs, exact aws
 * dms commands, the log group DMS really writes, alarms and their meaning, prerequisites and validation files);
 * the committed runbooks are up to date for every stack of the active config.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { activePipelines } from '../../app/pipelines';
import { runbookStatus } from '../../review/extra';
import { readSynthesizedTree } from '../../review/synthesized';
import { generateRunbook } from '../../review/runbook';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { synthesizeAtomically } from '../../app/synthesize';
import { opsInput, opsPipelines, runCommand } from '../support/ops-fixture';
import { synthOps } from '../support/synth';
import { must } from '../support/must';

const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-runbook-'));
const tree = path.join(work, 'tree');
const serverlessTree = path.join(work, 'serverless');
const activeTree = path.join(work, 'active');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  await synthOps(tree);
  const s = opsInput();
  s.pipelines[0].replicationInstance = { from: 'serverless', minCapacityUnits: 2, maxCapacityUnits: 16 };
  await synthOps(serverlessTree, { pipelines: [s.pipelines[0]] });
  const pipelines = activePipelines();
  await synthesizeAtomically(activeTree, (app) => pipelines.forEach((p) => new DmsPipelineStack(app, p)));
});

const runbookOf = (dir: string, stack: string, pipelines = opsPipelines()) =>
  generateRunbook(must(readSynthesizedTree(dir).find((s) => s.name === stack)), must(pipelines.find((p) => p.name === stack))).markdown;

describe('an owned instance (SQL Server → Redshift fixture)', () => {
  const md = () => runbookOf(tree, 'warehouse-prod');

  test('THEN the outputs are listed and read into variables, and each aws dms command uses them', () => {
    const text = md();
    expect(text).toContain('| `replication_instance_arn` | ARN of the DMS replication instance. |');
    expect(text).toContain('INSTANCE_ARN=$(terraform -chdir=cdktf.out/stacks/warehouse-prod output -raw replication_instance_arn)');
    expect(text).toContain(
      `TASK_WAREHOUSE_PROD_TASK=$(terraform -chdir=cdktf.out/stacks/warehouse-prod output -json dms_replication_task_arns | jq -r '.["warehouse-prod-task"]')`,
    );
    for (const command of [
      'aws dms test-connection --region $REGION --replication-instance-arn "$INSTANCE_ARN" --endpoint-arn "$SOURCE_ENDPOINT_ARN"',
      'aws dms start-replication-task --region $REGION --replication-task-arn "$TASK_WAREHOUSE_PROD_TASK" --start-replication-task-type start-replication',
      'aws dms stop-replication-task --region $REGION --replication-task-arn "$TASK_WAREHOUSE_PROD_TASK"',
      'aws dms start-replication-task --region $REGION --replication-task-arn "$TASK_WAREHOUSE_PROD_TASK" --start-replication-task-type resume-processing',
      'aws dms describe-table-statistics --region $REGION --replication-task-arn "$TASK_WAREHOUSE_PROD_TASK"',
    ])
      expect(text).toContain(command);
    expect(text).toContain('REGION=us-west-2');
  });

  test('THEN reload-tables names the selected source tables (the wildcard exclude applied), not the target names', () => {
    expect(md()).toContain(
      `aws dms reload-tables --region $REGION --replication-task-arn "$TASK_WAREHOUSE_PROD_TASK" --tables-to-reload '[{"SchemaName":"dbo","TableName":"DimStore"},{"SchemaName":"dbo","TableName":"FactOrders"}]'`,
    );
  });

  test('THEN the logs are in dms-tasks-<instance id>, stream dms-task-<resource id>, never /aws/dms/tasks', () => {
    const text = md();
    expect(text).toContain(
      'aws logs tail dms-tasks-warehouse-prod-instance --region $REGION --follow --log-stream-name-prefix "dms-task-$(echo "$TASK_WAREHOUSE_PROD_TASK" | cut -d: -f7)"',
    );
    expect(text).toContain('(created by this stack, 30 days retention)');
    expect(text).not.toMatch(/aws logs \w+ \/aws\/dms/);
  });

  test('THEN every alarm is listed with its condition in readable units and what it means', () => {
    const text = md();
    expect(text).toContain(
      '| `warehouse-prod-instance-free-storage-space` | AWS/DMS/FreeStorageSpace (Minimum) | < 5.0 GiB for 3 × 300 s | less than 10% of 50 GB free.',
    );
    expect(text).toContain('| `warehouse-prod-task-cdc-latency-source` | AWS/DMS/CDCLatencySource (Maximum) | > 300 s for 3 × 300 s |');
    expect(text.match(/^\| `warehouse-prod-[a-z-]+` \|/gm)).toHaveLength(5);
  });

  test('THEN the prerequisites and validation files are named with how to run them', () => {
    const text = md();
    expect(text).toContain('sqlcmd -b -S sql01.corp.example,1433 -d Sales -i prereqs/warehouse-prod.sql');
    expect(text).toContain('`validation/warehouse-prod.sql`');
  });
});

describe('tasks on a shared instance (PostgreSQL → DynamoDB fixture)', () => {
  test("THEN the log group is the shared instance's and the validation script is the DynamoDB one", () => {
    const text = runbookOf(tree, 'orders-ddb-dev');
    expect(text).toContain('DMS writes task logs to the log group `dms-tasks-shared-dev-instance` (created by DMS)');
    expect(text).toContain('owned by another stack');
    expect(text).toContain('bash validation/orders-ddb-dev.sh');
    expect(text).toContain('psql -v ON_ERROR_STOP=1 -h orders.db.example -p 5432 -d orders -f prereqs/orders-ddb-dev.sql');
  });
});

describe('DMS Serverless', () => {
  test('THEN the replication commands replace the task commands and the log group is the one DMS Serverless writes to', () => {
    const s = opsInput();
    s.pipelines[0].replicationInstance = { from: 'serverless', minCapacityUnits: 2, maxCapacityUnits: 16 };
    const text = runbookOf(serverlessTree, 'warehouse-prod', opsPipelines({ pipelines: [s.pipelines[0]] }));
    expect(text).toContain(
      'aws dms start-replication --region $REGION --replication-config-arn "$REPLICATION_WAREHOUSE_PROD_TASK" --start-replication-type start-replication',
    );
    expect(text).toContain(
      'aws dms describe-replication-table-statistics --region $REGION --replication-config-arn "$REPLICATION_WAREHOUSE_PROD_TASK"',
    );
    expect(text).toContain('aws dms reload-replication-tables');
    expect(text).toContain('`dms-serverless-replication-<replication config resource ID>`');
    expect(text).not.toContain('start-replication-task');
  });
});

describe('committed runbooks and the command', () => {
  test.each(activePipelines().map((p) => p.name))(
    'GIVEN the active config WHEN %s is generated THEN runbooks/<stack>.md holds exactly that (else run npm run runbook -- --all)',
    (stack) => {
      const synthesized = must(readSynthesizedTree(activeTree).find((s) => s.name === stack));
      const pipeline = activePipelines().find((p) => p.name === stack);
      expect(runbookStatus(synthesized, pipeline)).toBe(`runbooks/${stack}.md, up to date`);
      expect(fs.readFileSync(path.join(root, 'runbooks', `${stack}.md`), 'utf8')).toBe(
        generateRunbook(synthesized, must(pipeline)).markdown,
      );
    },
  );

  test('GIVEN a changed stack WHEN compared THEN review reports the runbook stale', () => {
    const stack = must(readSynthesizedTree(activeTree).find((s) => !s.name.startsWith('dms-account-')));
    const changed = structuredClone(stack);
    for (const alarm of Object.values<{ threshold: number }>(changed.tf.resource.aws_cloudwatch_metric_alarm)) alarm.threshold += 1;
    expect(
      runbookStatus(
        changed,
        activePipelines().find((p) => p.name === stack.name),
      ),
    ).toBe(`**runbooks/${stack.name}.md is stale**: run npm run runbook -- ${stack.name}`);
  });

  test('GIVEN --tree and --out WHEN npm run runbook runs twice THEN it writes, then reports up to date; unknown stacks are named', () => {
    const out = path.join(work, 'out');
    const first = runCommand('runbook', ['--tree', tree, '--out', out, '--all']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('warehouse-prod.md: written');
    expect(fs.readFileSync(path.join(out, 'warehouse-prod.md'), 'utf8')).toBe(runbookOf(tree, 'warehouse-prod'));
    expect(runCommand('runbook', ['--tree', tree, '--out', out, '--all']).stdout).toContain('orders-ddb-dev.md: up to date');
    const unknown = runCommand('runbook', ['--tree', tree, 'nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('nope: is not a synthesized stack of the active config');
  });
});
