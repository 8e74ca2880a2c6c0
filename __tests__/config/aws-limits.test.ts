/**
 * Config that plans but fails at apply (or at `terraform validate`): names AWS requires unique reused across
 * pipelines, CIDRs with host bits, short maintenance windows, key columns that do not exist or have the wrong
 * type, names over AWS limits, text that cannot be a name, and config files that are not what they seem.
 * Each case gives the exact `path: message` lines.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationFailed, formatIssue } from '../../core/errors';
import { loadConfigFile, parseConfig } from '../../config/load';
import { resourceNames } from '../../config/naming';
import type { PipelineConfigInput } from '../../config/schema';
import { resolvePipelines } from '../../app/resolve';
import { Testing } from '../../platform/cdktf';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { type DynamoDbPipelineInput, type RedshiftPipelineInput, dynamodbConfig, redshiftConfig } from '../support/helpers';
import { testApp } from '../support/test-app';

const fixtures = path.join(__dirname, '..', 'mappings', 'fixtures', 'pipeline');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-limits-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function issuesOf(input: unknown): string[] {
  try {
    resolvePipelines(parseConfig(input), fixtures);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
    throw error;
  }
}

/** The Redshift pipeline twice: the second renamed throughout, then changed by `mutate`. */
function twoPipelines(mutate: (second: RedshiftPipelineInput, first: RedshiftPipelineInput) => void): PipelineConfigInput {
  const config = redshiftConfig();
  const first = config.pipelines[0] as RedshiftPipelineInput;
  const second = structuredClone(first);
  second.name = 'redshift-fed-dr';
  second.accountRoles = 'existing';
  second.replicationInstance.id = 'redshift-fed-dr-replication-instance';
  second.source.endpointId = 'redshift-fed-dr-source';
  second.target.endpointId = 'redshift-fed-dr-target';
  second.target.stagingBucket.name = 'dms-redshift-fed-dr-staging';
  second.tasks = second.tasks.map((t) => ({ ...t, id: 'redshift-fed-dr-task', resourceIdentifier: 'redshift-fed-dr' }));
  mutate(second, first);
  config.pipelines.push(second as never);
  return config;
}

interface Case {
  what: string;
  config: () => unknown;
  expected: string[];
}

// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
const cases: Case[] = [
  // names AWS requires unique per account and Region (or globally)
  { what: 'two pipelines renamed throughout', config: () => twoPipelines(() => {}), expected: [] },
  { what: 'a task id reused by a second pipeline', config: () => twoPipelines((s, f) => void (s.tasks[0].id = f.tasks[0].id)), expected: ['pipelines[1].tasks[0].id: DMS replication task id "redshift-fed-prod-replication-task" is already used by pipelines[0].tasks[0].id in account 459286107047, Region us-west-2; AWS requires it unique per account and Region'] },
  { what: 'a task id reused in another letter case', config: () => twoPipelines((s, f) => void (s.tasks[0].id = f.tasks[0].id.toUpperCase())), expected: ['pipelines[1].tasks[0].id: DMS replication task id "redshift-fed-prod-replication-task" is already used by pipelines[0].tasks[0].id in account 459286107047, Region us-west-2; AWS requires it unique per account and Region'] },
  { what: 'a resource identifier reused', config: () => twoPipelines((s, f) => void (s.tasks[0].resourceIdentifier = f.tasks[0].resourceIdentifier)), expected: ['pipelines[1].tasks[0].resourceIdentifier: DMS task resource identifier "redshift-fed-prod-replication" is already used by pipelines[0].tasks[0].resourceIdentifier in account 459286107047, Region us-west-2; AWS requires it unique per account and Region'] },
  { what: "an endpoint id reused as the other pipeline's target", config: () => twoPipelines((s, f) => void (s.source.endpointId = f.target.endpointId)), expected: ['pipelines[1].source.endpointId: DMS endpoint id "redshift-fed-prod-target-redshift" is already used by pipelines[0].target.endpointId in account 459286107047, Region us-west-2; AWS requires it unique per account and Region'] },
  { what: 'an instance id both pipelines create', config: () => twoPipelines((s, f) => void (s.replicationInstance.id = f.replicationInstance.id)), expected: ['pipelines[1].replicationInstance.id: DMS replication instance id "redshift-fed-prod-replication-instance" is already used by pipelines[0].replicationInstance.id in account 459286107047, Region us-west-2; AWS requires it unique per account and Region'] },
  { what: 'a task id reused in another Region', config: () => twoPipelines((s, f) => {
    s.tasks[0].id = f.tasks[0].id;
    s.region = 'us-east-2';
    s.network.subnets = s.network.subnets.map((subnet, i) => ({ ...subnet, availabilityZone: `us-east-2${'ab'[i] ?? 'c'}` }));
    for (const key of ['secretArn'] as const) {
      s.source[key] = s.source[key].replace('us-west-2', 'us-east-2');
      s.target[key] = s.target[key].replace('us-west-2', 'us-east-2');
    }
  }), expected: [] },
  { what: 'a staging bucket name reused in another account', config: () => twoPipelines((s, f) => {
    s.target.stagingBucket.name = f.target.stagingBucket.name;
    s.accountId = '111122223333';
    s.accountRoles = 'create';
    s.source.secretArn = s.source.secretArn.replace('459286107047', '111122223333');
    s.target.secretArn = s.target.secretArn.replace('459286107047', '111122223333');
  }), expected: ['pipelines[1].target.stagingBucket.name: S3 bucket "dms-redshift-fed-prod-staging-459286107047" is already used by pipelines[0].target.stagingBucket.name (S3 bucket names are global); AWS requires it unique'] },
  { what: 'a DynamoDB table two pipelines create', config: () => {
    const config = dynamodbConfig();
    const second = structuredClone(config.pipelines[0]) as DynamoDbPipelineInput;
    second.name = 'loanapp-dynamodb-dev2';
    second.source.endpointId = 'loanapp-dev2-source';
    second.target.endpointId = 'loanapp-dev2-target';
    second.tasks = second.tasks.map((t, i) => ({ ...t, id: `loanapp-dev2-task-${i}`, resourceIdentifier: `loanapp-dev2-${i}` }));
    config.pipelines.push(second as never);
    return config;
  }, expected: ['pipelines[1].target.tables[0].name: DynamoDB table "LoanApp-IntegrationLogs-dev" is already used by pipelines[0].target.tables[0].name in account 210987654321, Region us-west-2; AWS requires it unique per account and Region', 'pipelines[1].target.tables[1].name: DynamoDB table "LoanApp-Payments-dev" is already used by pipelines[0].target.tables[1].name in account 210987654321, Region us-west-2; AWS requires it unique per account and Region'] },
  // derived names
  { what: 'a task id long enough to push its alarm names over 255 characters', config: () => redshiftConfig((p) => void (p.tasks[0].id = `t${'x'.repeat(239)}`)), expected: ['pipelines[0].tasks[0].id: gives the CloudWatch alarm name <id>-cdc-latency-source of 259 characters; CloudWatch allows at most 255: shorten it by 4'] },
  { what: 'a task id whose alarm names are exactly 255 characters', config: () => redshiftConfig((p) => void (p.tasks[0].id = `t${'x'.repeat(233)}`)), expected: [] },
  { what: 'a long task id on a full-load task (no CDC alarms)', config: () => redshiftConfig((p) => {
    p.tasks[0].id = `t${'x'.repeat(239)}`;
    p.tasks[0].migrationType = 'full-load';
  }), expected: [] },
  // network
  { what: 'a source CIDR with host bits set', config: () => redshiftConfig((p) => void (p.network.egress.sourceCidrs = ['10.40.0.1/16'])), expected: ['pipelines[0].network.egress.sourceCidrs[0]: 10.40.0.1/16 has host bits set; did you mean 10.40.0.0/16? (the provider rejects it)'] },
  { what: 'an HTTPS CIDR with host bits set', config: () => redshiftConfig((p) => void (p.network.egress.httpsCidrs = ['10.0.0.5/24'])), expected: ['pipelines[0].network.egress.httpsCidrs[0]: 10.0.0.5/24 has host bits set; did you mean 10.0.0.0/24? (the provider rejects it)'] },
  { what: 'a /32 host route', config: () => redshiftConfig((p) => void (p.network.egress.httpsCidrs = ['10.0.0.5/32'])), expected: [] },
  // maintenance windows
  { what: 'a 15-minute maintenance window', config: () => redshiftConfig((p) => void (p.replicationInstance.preferredMaintenanceWindow = 'sun:10:00-sun:10:15')), expected: ['pipelines[0].replicationInstance.preferredMaintenanceWindow: must be at least 30 minutes long (DMS minimum), not 15'] },
  { what: 'a maintenance window that starts and ends at once', config: () => redshiftConfig((p) => void (p.replicationInstance.preferredMaintenanceWindow = 'sun:10:00-sun:10:00')), expected: ['pipelines[0].replicationInstance.preferredMaintenanceWindow: must be at least 30 minutes long (DMS minimum), not 0'] },
  { what: 'a 20-minute maintenance window across the end of the week', config: () => redshiftConfig((p) => void (p.replicationInstance.preferredMaintenanceWindow = 'sat:23:50-sun:00:10')), expected: ['pipelines[0].replicationInstance.preferredMaintenanceWindow: must be at least 30 minutes long (DMS minimum), not 20'] },
  { what: 'a 29-minute maintenance window written in capitals', config: () => redshiftConfig((p) => void (p.replicationInstance.preferredMaintenanceWindow = 'TUE:04:00-TUE:04:29')), expected: ['pipelines[0].replicationInstance.preferredMaintenanceWindow: must be at least 30 minutes long (DMS minimum), not 29'] },
  { what: 'a 30-minute window across the end of the week', config: () => redshiftConfig((p) => void (p.replicationInstance.preferredMaintenanceWindow = 'sat:23:45-sun:00:15')), expected: [] },
  // source tables and DynamoDB keys
  { what: 'a primary key naming a column that is not in columns', config: () => dynamodbConfig((p) => void ((p.source.tables ??= [])[0].primaryKey = ['LogID'])), expected: ['pipelines[0].source.tables[0].primaryKey[0]: LogID is not one of columns (LogId, LogTimestamp, ApplicationId, CorrelationId, ErrorStatus, LogType, ServiceName)'] },
  // Column names are compared as own keys: an Object.prototype name is no column.
  { what: 'a primary key and a sample row naming Object.prototype members', config: () => dynamodbConfig((p) => {
    const table = (p.source.tables ??= [])[0];
    table.primaryKey = ['constructor'];
    table.sampleRows = [{ toString: 'x' }];
  }), expected: ['pipelines[0].source.tables[0].primaryKey[0]: constructor is not one of columns (LogId, LogTimestamp, ApplicationId, CorrelationId, ErrorStatus, LogType, ServiceName)', 'pipelines[0].source.tables[0].sampleRows[0].toString: is not a column of dbo.IntegrationLogs'] },
  { what: 'a GSI number key fed by a string column of the same name', config: () => dynamodbConfig((p) => {
    const table = (p.source.tables ??= [])[0];
    table.columns.ApplicationId = 'string';
    table.sampleRows = table.sampleRows?.map((row) => ({ ...row, ApplicationId: String(row.ApplicationId) }));
  }), expected: ['pipelines[0].tasks[0].tableMappings (derived): rules[2].mapping-parameters: GSI GSI1-ApplicationId-LogTimestamp partition key ApplicationId of LoanApp-IntegrationLogs-dev is N, but the mapping writes S (column ApplicationId (string))'] },
  { what: 'a GSI number key fed by a template', config: () => dynamodbConfig((p) => void (p.target.tables[0].attributes = { ...p.target.tables[0].attributes, ApplicationId: 'APP#${ApplicationId}' })), expected: ['pipelines[0].tasks[0].tableMappings (derived): rules[2].mapping-parameters: GSI GSI1-ApplicationId-LogTimestamp partition key ApplicationId of LoanApp-IntegrationLogs-dev is N, but the mapping writes the template APP#${ApplicationId}, which is not a number; use a single numeric column'] },
  { what: 'a table number key fed by a uuid column', config: () => dynamodbConfig((p) => void ((p.source.tables ??= [])[1].columns.PaymentId = 'uuid')), expected: ['pipelines[0].tasks[0].tableMappings (derived): rules[3].mapping-parameters: partition key PaymentId of LoanApp-Payments-dev is N, but the mapping writes ${PaymentId}, a uuid column of dbo.Payments: DynamoDB rejects an N attribute that is not a number'] },
  // text
  { what: 'a tag value with a line break', config: () => redshiftConfig((p) => void (p.tags = { Owner: 'data\nplatform' })), expected: ['pipelines[0].tags.Owner: must not contain control characters'] },
  { what: 'a tag key with a NUL character', config: () => redshiftConfig((p) => void (p.tags = { 'Own\u0000er': 'data' })), expected: ['pipelines[0].tags["Own\\u0000er"]: tag keys must not contain control characters'] },
  { what: 'a source table name with a NUL character', config: () => dynamodbConfig((p) => void ((p.source.tables ??= [])[1].name = 'Pay\u0000ments')), expected: ['pipelines[0].source.tables[1].name: must not contain control characters'] },
  { what: 'a source table name of 129 characters', config: () => dynamodbConfig((p) => void ((p.source.tables ??= [])[1].name = `P${'x'.repeat(128)}`)), expected: ['pipelines[0].source.tables[1].name: must be at most 128 characters'] },
  { what: 'a source schema name with an escape character', config: () => dynamodbConfig((p) => void ((p.source.tables ??= [])[1].schema = 'dbo\u001b')), expected: ['pipelines[0].source.tables[1].schema: must not contain control characters'] },
];

test.each(cases)('GIVEN $what WHEN validated THEN exactly the expected problems are reported', ({ config, expected }) => {
  expect(issuesOf(config())).toEqual(expected);
});

test("GIVEN the guide's maintenance window Tue:04:00-Tue:04:30 WHEN validated THEN it is accepted and emitted in lower case, as DMS returns it", () => {
  const config = parseConfig(redshiftConfig((p) => void (p.replicationInstance.preferredMaintenanceWindow = 'Tue:04:00-Tue:04:30')));
  expect((config.pipelines[0].replicationInstance as { preferredMaintenanceWindow: string }).preferredMaintenanceWindow).toBe(
    'tue:04:00-tue:04:30',
  );
});

describe('config files', () => {
  const fileCases: { what: string; text: string | Buffer; expected: (file: string) => string[] }[] = [
    {
      what: 'a number too large for a double',
      text: JSON.stringify(redshiftConfig()).replace('"allocatedStorage":100', '"allocatedStorage":1e400'),
      expected: () => [
        'pipelines[0].replicationInstance.allocatedStorage: 1e400 is out of range: numbers must fit a 64-bit float (JSON.parse would make it Infinity)',
      ],
    },
    {
      what: 'a stack name written twice',
      text: JSON.stringify(redshiftConfig()).replace('"name":"redshift-fed-prod",', '"name":"redshift-fed-prod","name":"redshift-fed-dr",'),
      expected: () => ['pipelines[0].name: is written more than once in this object; JSON keeps only the last one'],
    },
    {
      what: 'a config nested 50,000 levels deep',
      text: `{"pipelines":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      expected: () => [`pipelines${'[0]'.repeat(63)}: is nested more than 64 levels deep`],
    },
    {
      what: 'a config in Latin-1',
      text: Buffer.from(JSON.stringify(redshiftConfig((p) => void (p.tags = { Owner: 'Jos\u00e9' }))), 'latin1'),
      expected: (file) => [`DMS_CONFIG: ${file} is not valid UTF-8 text (first invalid byte at offset 131)`],
    },
  ];
  test.each(fileCases)('GIVEN $what WHEN loaded THEN exactly the expected problems are reported', ({ what, text, expected }) => {
    const file = path.join(work, `${what.replace(/\W+/g, '-')}.json`);
    fs.writeFileSync(file, text);
    let issues: string[] = [];
    try {
      loadConfigFile(file);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      issues = error.issues.map(formatIssue);
    }
    expect(issues).toEqual(expected(file));
  });

  test.each([
    ['/dev/zero', 'a character device'],
    ['/dev/null', 'a character device'],
  ])('GIVEN DMS_CONFIG=%s WHEN loaded THEN it is refused without reading', (file, kind) => {
    expect(() => loadConfigFile(file)).toThrow(
      new ValidationFailed([{ path: 'DMS_CONFIG', message: `${file} is not a regular file (${kind})` }]),
    );
  });
});

describe('mapping files named by a task', () => {
  const resolveWith = (setUp: (file: string) => void) => {
    const dir = fs.mkdtempSync(path.join(work, 'mappings-'));
    setUp(path.join(dir, 'dms-table-mappings.json'));
    try {
      resolvePipelines(parseConfig(redshiftConfig()), dir);
      return [];
    } catch (error) {
      if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
      throw error;
    }
  };

  test('GIVEN a mapping symlinked to a passwd-like file WHEN resolved THEN the error gives a position and never the content', () => {
    const secret = path.join(work, 'shadow');
    fs.writeFileSync(secret, 'root:$6$saltsalt$hash:19000:0:99999:7:::\n');
    const issues = resolveWith((file) => fs.symlinkSync(secret, file));
    expect(issues).toEqual([
      'mappings/dms-table-mappings.json: is not valid JSON: an unexpected character where a value is expected at line 1, column 1',
    ]);
  });

  test('GIVEN a mapping that is a FIFO WHEN resolved THEN it is refused at once, by the task field that names it', () => {
    const issues = resolveWith((file) => expect(spawnSync('mkfifo', [file]).status).toBe(0));
    expect(issues).toEqual(['pipelines[0].tasks[0].tableMappings: mappings/dms-table-mappings.json is not a regular file (a named pipe)']);
  });
});

test('GIVEN the default pipelines WHEN synthesized THEN every name resourceNames derives is the name a resource gets', () => {
  for (const config of [redshiftConfig(), dynamodbConfig()]) {
    const [pipeline] = parseConfig(config).pipelines;
    const app = testApp();
    const json = Testing.synth(new DmsPipelineStack(app, resolvePipelines(parseConfig(config), fixtures)[0]), true);
    const derived = resourceNames(pipeline).filter((r) => r.derived);
    expect(derived.length).toBeGreaterThan(2);
    for (const { name } of derived) expect(json).toContain(`"${name}"`);
  }
});
