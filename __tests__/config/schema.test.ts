/**
 * The pipeline spec's validation: each rule with a bad spec and the exact `path: message` a user sees.
 */
import { type DynamoDbPipelineInput, type RedshiftPipelineInput, defaultInput, dynamodbConfig, redshiftConfig } from '../support/helpers';
import { problemsOf } from '../support/synth';

const redshiftNetwork = () => structuredClone((redshiftConfig().pipelines[0] as RedshiftPipelineInput).network);

const P = 'pipelines[0]';
const long = (length: number) => `a${'b'.repeat(length - 1)}`;

interface BadSpec {
  what: string;
  mutate: (pipeline: RedshiftPipelineInput) => void;
  expected: string[];
}

// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
const badSpecs: BadSpec[] = [
  // replication instance
  { what: 'storage below 5 GB', mutate: (p) => { p.replicationInstance.allocatedStorage = 4; }, expected: [`${P}.replicationInstance.allocatedStorage: must be between 5 and 6144`] },
  { what: 'storage above 6144 GB', mutate: (p) => { p.replicationInstance.allocatedStorage = 6145; }, expected: [`${P}.replicationInstance.allocatedStorage: must be between 5 and 6144`] },
  { what: 'fractional storage', mutate: (p) => { p.replicationInstance.allocatedStorage = 50.5; }, expected: [`${P}.replicationInstance.allocatedStorage: must be a whole number`] },
  { what: 'storage as a string', mutate: (p) => { (p.replicationInstance as { allocatedStorage: unknown }).allocatedStorage = '100'; }, expected: [`${P}.replicationInstance.allocatedStorage: must be a number, not string "100"`] },
  { what: 'instance id starting with a digit', mutate: (p) => { p.replicationInstance.id = '1-instance'; }, expected: [`${P}.replicationInstance.id: must start with a letter`] },
  { what: 'instance id with two consecutive hyphens', mutate: (p) => { p.replicationInstance.id = 'dms--instance'; }, expected: [`${P}.replicationInstance.id: must not contain two consecutive hyphens`] },
  { what: 'instance id ending with a hyphen', mutate: (p) => { p.replicationInstance.id = 'dms-instance-'; }, expected: [`${P}.replicationInstance.id: must not end with a hyphen`] },
  { what: 'instance id with an underscore', mutate: (p) => { p.replicationInstance.id = 'dms_instance'; }, expected: [`${P}.replicationInstance.id: may contain only letters, digits and hyphens`] },
  { what: 'instance id of 64 characters', mutate: (p) => { p.replicationInstance.id = long(64); }, expected: [`${P}.replicationInstance.id: must be at most 63 characters`] },
  { what: 'instance id in uppercase', mutate: (p) => { p.replicationInstance.id = 'Dms-Instance'; }, expected: [`${P}.replicationInstance.id: must be lowercase (DMS stores it lowercased)`] },
  { what: 'instance class of an unknown family', mutate: (p) => { p.replicationInstance.instanceClass = 'dms.m5.large'; }, expected: [`${P}.replicationInstance.instanceClass: unknown instance family "m5": must be one of t2, t3, c4, c5, c6i, r4, r5, r6i`] },
  { what: 'instance class size the family lacks', mutate: (p) => { p.replicationInstance.instanceClass = 'dms.t3.xlarge'; }, expected: [`${P}.replicationInstance.instanceClass: dms.t3 comes in micro, small, medium, large, not "xlarge"`] },
  { what: 'instance class without the dms. prefix', mutate: (p) => { p.replicationInstance.instanceClass = 't3.medium'; }, expected: [`${P}.replicationInstance.instanceClass: must be dms.<family>.<size> with family one of t2, t3, c4, c5, c6i, r4, r5, r6i`] },
  { what: 'engine version that is not a version', mutate: (p) => { p.replicationInstance.engineVersion = 'latest'; }, expected: [`${P}.replicationInstance.engineVersion: must be a DMS engine version such as 3.5.3`] },
  { what: 'maintenance window in the wrong format', mutate: (p) => { p.replicationInstance.preferredMaintenanceWindow = 'sunday 10:30'; }, expected: [`${P}.replicationInstance.preferredMaintenanceWindow: must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:10:30-sun:14:30`] },
  { what: 'instance KMS key in another region', mutate: (p) => { p.replicationInstance.kmsKeyArn = 'arn:aws:kms:us-east-1:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab'; }, expected: [`${P}.replicationInstance.kmsKeyArn: must be in the pipeline's region us-west-2, not us-east-1`] },
  { what: 'misspelt field', mutate: (p) => { const ri = p.replicationInstance as Record<string, unknown>; ri.allocatedStorag = ri.allocatedStorage; delete ri.allocatedStorage; }, expected: [`${P}.replicationInstance.allocatedStorage: is required`, `${P}.replicationInstance.allocatedStorag: is not a known field`] },

  // endpoints
  { what: 'source port 0', mutate: (p) => { p.source.port = 0; }, expected: [`${P}.source.port: must be between 1 and 65535`] },
  { what: 'target port 70000', mutate: (p) => { (p.target.workgroup as { port: number }).port = 70000; }, expected: [`${P}.target.workgroup.port: must be between 1 and 65535`] },
  { what: 'endpoint id of 256 characters', mutate: (p) => { p.source.endpointId = long(256); }, expected: [`${P}.source.endpointId: must be at most 255 characters`] },
  { what: 'source and target with one endpoint id', mutate: (p) => { p.target.endpointId = p.source.endpointId; }, expected: [`${P}.target.endpointId: must differ from source.endpointId`] },
  { what: 'unknown ssl mode', mutate: (p) => { (p.source as { sslMode: string }).sslMode = 'strict'; }, expected: [`${P}.source.sslMode: must be one of none, require, verify-ca, verify-full`] },
  { what: 'any ssl mode on a Redshift target', mutate: (p) => { (p.target as unknown as { sslMode: string }).sslMode = 'require'; }, expected: [`${P}.target.sslMode: must not be set: a Redshift endpoint already uses SSL and DMS does not configure SSL for it (AWS DMS user guide, "Using SSL with AWS Database Migration Service")`] },
  { what: 'unsupported source engine', mutate: (p) => { (p.source as { engine: string }).engine = 'db2'; }, expected: [`${P}.source.engine: engine must be one of sqlserver, aurora-postgresql, postgres`] },
  { what: 'missing database name', mutate: (p) => { delete (p.source as Partial<typeof p.source>).databaseName; }, expected: [`${P}.source.databaseName: is required`] },
  { what: 'host with a scheme', mutate: (p) => { p.source.serverName = 'tcp://LSNRGNP04A'; }, expected: [`${P}.source.serverName: must be a host name or IPv4 address without scheme or port`] },
  { what: 'a password field instead of a secret', mutate: (p) => { (p.source as Record<string, unknown>).password = 'hunter2'; }, expected: [`${P}.source.password: is not a known field`] },

  // ARNs
  { what: 'secret ARN that is not an ARN', mutate: (p) => { p.source.secretArn = 'dms/sqlserver'; }, expected: [`${P}.source.secretArn: must be a secretsmanager ARN such as arn:aws:secretsmanager:us-west-2:123456789012:secret:dms/source-AbCdEf`] },
  { what: 'secret ARN of another account', mutate: (p) => { p.source.secretArn = 'arn:aws:secretsmanager:us-west-2:111122223333:secret:dms/raptor-AbC123'; }, expected: [`${P}.source.secretArn: must be in the pipeline's account 459286107047, not 111122223333`] },
  { what: 'secret ARN of another region', mutate: (p) => { p.target.secretArn = 'arn:aws:secretsmanager:eu-west-1:459286107047:secret:dms/redshift-AbC123'; }, expected: [`${P}.target.secretArn: must be in the pipeline's region us-west-2, not eu-west-1`] },
  { what: 'secret key ARN in the wrong partition', mutate: (p) => { p.source.secretKmsKeyArn = 'arn:aws-cn:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab'; }, expected: [`${P}.source.secretKmsKeyArn: must be in partition aws (region us-west-2), not aws-cn`] },

  // identity and placement
  { what: 'account id of 11 digits', mutate: (p) => { p.accountId = '45928610704'; }, expected: [`${P}.accountId: must be a 12-digit AWS account id`] },
  { what: 'region that is not a region', mutate: (p) => { p.region = 'oregon'; }, expected: [`${P}.region: must be an AWS region such as us-west-2`] },
  { what: 'stack name in uppercase', mutate: (p) => { p.name = 'Redshift-Fed-Prod'; }, expected: [`${P}.name: must be lowercase letters, digits and hyphens, starting with a letter`] },
  { what: 'stack name longer than 40', mutate: (p) => { p.name = long(41); }, expected: [`${P}.name: must be at most 40 characters (it prefixes IAM role names, which are limited to 64)`] },
  { what: 'tag key starting with aws:', mutate: (p) => { p.tags = { 'aws:owner': 'x' }; }, expected: [`${P}.tags["aws:owner"]: tag keys must not start with "aws:"`] },
  { what: 'unknown backend type', mutate: (p) => { (p.backend as { type: string }).type = 'gcs'; }, expected: [`${P}.backend.type: type must be one of s3, cloud, local`] },
  { what: 'state bucket with uppercase letters', mutate: (p) => { p.backend = { type: 's3', bucket: 'TfState', region: 'us-west-2' }; }, expected: [`${P}.backend.bucket: must be lowercase letters, digits and hyphens, starting and ending with a letter or digit`] },
  { what: 'log retention CloudWatch does not offer', mutate: (p) => { p.logRetentionDays = 10; }, expected: [`${P}.logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`] },
  { what: 'unknown account-roles mode', mutate: (p) => { (p as { accountRoles: string }).accountRoles = 'adopt'; }, expected: [`${P}.accountRoles: must be one of create, import, existing`] },

  // network
  { what: 'one subnet', mutate: (p) => { p.network.subnets = p.network.subnets.slice(0, 1); }, expected: [`${P}.network.subnets: must list at least 2 subnets (DMS requires two Availability Zones)`] },
  { what: 'subnets in one Availability Zone', mutate: (p) => { p.network.subnets[1].availabilityZone = 'us-west-2a'; }, expected: [`${P}.network.subnets: must span at least 2 Availability Zones (all are in us-west-2a)`] },
  { what: 'subnet in another region', mutate: (p) => { p.network.subnets[1].availabilityZone = 'us-east-1b'; }, expected: [`${P}.network.subnets[1].availabilityZone: must be an Availability Zone of us-west-2`] },
  { what: 'the same subnet twice', mutate: (p) => { p.network.subnets.push({ ...p.network.subnets[0] }); }, expected: [`${P}.network.subnets[2].id: duplicate subnet "subnet-0a1b2c3d4e5f60001" (first used at index 0)`] },
  { what: 'malformed VPC id', mutate: (p) => { p.network.vpcId = 'vpc-xyz'; }, expected: [`${P}.network.vpcId: must be a VPC id (vpc- and 8 or 17 hex digits)`] },
  { what: 'CIDR without a prefix length', mutate: (p) => { p.network.egress.sourceCidrs = ['10.40.0.0']; }, expected: [`${P}.network.egress.sourceCidrs[0]: must be an IPv4 CIDR block such as 10.0.0.0/16`] },
  { what: 'no source CIDR', mutate: (p) => { p.network.egress.sourceCidrs = []; }, expected: [`${P}.network.egress.sourceCidrs: must list at least one CIDR block`] },
  // paths to AWS services (DMS 3.4.7+: VPC endpoints or a public route) and internet egress
  { what: 'a Redshift target with no S3 path', mutate: (p) => { delete (p.network.vpcEndpoints ??= {}).s3; }, expected: [`${P}.network.vpcEndpoints.s3: is required for a Redshift target (DMS stages its files in S3): from DMS 3.4.7 a replication instance in a private subnet reaches S3 only through a VPC endpoint or a public route (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS")`] },
  { what: 'no Secrets Manager path', mutate: (p) => { delete (p.network.vpcEndpoints ??= {}).secretsManager; }, expected: [`${P}.network.vpcEndpoints.secretsManager: is required because endpoint credentials come from Secrets Manager: from DMS 3.4.7 a replication instance in a private subnet reaches Secrets Manager only through a VPC endpoint or a public route (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS")`] },
  { what: 'an S3 path that lists nothing', mutate: (p) => { (p.network.vpcEndpoints ??= {}).s3 = {}; }, expected: [`${P}.network.vpcEndpoints.s3: must list prefixListIds (gateway endpoint) or cidrs (interface endpoint)`] },
  { what: 'HTTPS to 0.0.0.0/0 without a reason', mutate: (p) => { p.network.egress.httpsCidrs = ['0.0.0.0/0']; }, expected: [`${P}.network.egress.httpsCidrs[0]: 0.0.0.0/0 opens egress to the whole internet: use VPC endpoints, or set network.allowInternetEgress.reason to say why`] },
  { what: 'source traffic to 0.0.0.0/0 without a reason', mutate: (p) => { p.network.egress.sourceCidrs = ['0.0.0.0/0']; }, expected: [`${P}.network.egress.sourceCidrs[0]: 0.0.0.0/0 opens egress to the whole internet: use VPC endpoints, or set network.allowInternetEgress.reason to say why`] },
  { what: 'an interface endpoint range of 0.0.0.0/0', mutate: (p) => { (p.network.vpcEndpoints ??= {}).secretsManager = { cidrs: ['0.0.0.0/0'] }; }, expected: [`${P}.network.vpcEndpoints.secretsManager.cidrs[0]: 0.0.0.0/0 opens egress to the whole internet: use VPC endpoints, or set network.allowInternetEgress.reason to say why`] },
  { what: 'an internet egress reason too short to say anything', mutate: (p) => { p.network.egress.httpsCidrs = ['0.0.0.0/0']; p.network.allowInternetEgress = { reason: 'because' }; }, expected: [`${P}.network.allowInternetEgress.reason: must say why (at least 10 characters)`] },
  { what: 'no target network for a Redshift target', mutate: (p) => { p.network.egress.targetCidrs = []; }, expected: [`${P}.network.egress.targetCidrs: must list the Redshift workgroup network (at least one CIDR block)`] },
  { what: 'the same CIDR and port twice', mutate: (p) => { (p.target.workgroup as { port: number }).port = p.source.port; p.network.egress.targetCidrs = [...p.network.egress.sourceCidrs]; }, expected: [`${P}.network.egress.targetCidrs[0]: 10.40.0.0/16 on port 4070 is already allowed by network.egress.sourceCidrs[0]`] },
  { what: 'a workgroup with neither config nor remote state', mutate: (p) => { (p.target as Record<string, unknown>).workgroup = { from: 'ssm' }; }, expected: [`${P}.target.workgroup.from: from must be one of config, remote-state`] },
  { what: 'remote state without a key', mutate: (p) => { p.target.workgroup = { from: 'remote-state', state: { backend: 's3', bucket: 'tf-state', region: 'us-west-2' } as never }; }, expected: [`${P}.target.workgroup.state.key: is required`] },
  { what: 'a remote state output name with a space', mutate: (p) => { p.target.workgroup = { from: 'remote-state', state: { backend: 'remote', organization: 'golfnow', workspace: 'redshift-prod' }, outputs: { host: 'endpoint address' } }; }, expected: [`${P}.target.workgroup.outputs.host: must be a Terraform output name`] },

  // staging bucket
  { what: 'staging bucket not starting with dms-', mutate: (p) => { p.target.stagingBucket.name = 'raptor-staging'; }, expected: [`${P}.target.stagingBucket.name: must start with "dms-"`] },
  { what: 'staging expiry of 0 days', mutate: (p) => { p.target.stagingBucket.expireAfterDays = 0; }, expected: [`${P}.target.stagingBucket.expireAfterDays: must be between 1 and 365`] },

  // tasks
  { what: 'no task', mutate: (p) => { p.tasks = []; }, expected: [`${P}.tasks: must define at least one task`] },
  { what: 'unknown migration type', mutate: (p) => { (p.tasks[0] as { migrationType: string }).migrationType = 'full'; }, expected: [`${P}.tasks[0].migrationType: must be one of full-load, cdc, full-load-and-cdc`] },
  { what: 'two tasks with one id', mutate: (p) => { p.tasks.push({ ...p.tasks[0], resourceIdentifier: 'redshift-fed-prod-second' }); }, expected: [`${P}.tasks[1].id: duplicate task id "redshift-fed-prod-replication-task" (first used at index 0)`] },
  { what: 'two task ids with one Terraform address', mutate: (p) => { p.tasks.push({ ...p.tasks[0], id: 'replication-task', resourceIdentifier: undefined }); }, expected: [`${P}.tasks[1].id: task id gives the same Terraform address as another task: "replication_task" (first used at index 0)`] },
  { what: 'resource identifier longer than 31', mutate: (p) => { p.tasks[0].resourceIdentifier = long(32); }, expected: [`${P}.tasks[0].resourceIdentifier: must be at most 31 characters`] },
  { what: 'mapping file outside mappings/', mutate: (p) => { p.tasks[0].tableMappings = '../secrets.json'; }, expected: [`${P}.tasks[0].tableMappings: must be a .json file name inside mappings/, or derived`] },
  { what: 'mapping file that does not exist', mutate: (p) => { p.tasks[0].tableMappings = 'missing-mappings.json'; }, expected: [`${P}.tasks[0].tableMappings: mappings/missing-mappings.json does not exist`] },
  { what: 'unknown settings profile', mutate: (p) => { p.tasks[0].settings = { profiles: ['turbo' as never] }; }, expected: [`${P}.tasks[0].settings.profiles[0]: must be one of full-load-tuning, cdc-tuning, dynamodb-target, logging`] },
  { what: 'CloudWatchLogGroup in task settings', mutate: (p) => { p.tasks[0].settings = { overrides: { Logging: { CloudWatchLogGroup: 'dms-tasks-x' as never } } }; }, expected: [`${P}.tasks[0].settings.overrides.Logging.CloudWatchLogGroup: is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it`] },
  { what: 'misspelt task setting', mutate: (p) => { p.tasks[0].settings = { overrides: { FullLoadSettings: { MaxFullLoadSubtasks: 8 } as never } }; }, expected: [`${P}.tasks[0].settings.overrides.FullLoadSettings.MaxFullLoadSubtasks: is not a known setting; did you mean MaxFullLoadSubTasks?`] },
  { what: 'MaxFullLoadSubTasks of 50', mutate: (p) => { p.tasks[0].settings = { overrides: { FullLoadSettings: { MaxFullLoadSubTasks: 50 } } }; }, expected: [`${P}.tasks[0].settings.overrides.FullLoadSettings.MaxFullLoadSubTasks: must be between 1 and 49`] },
  { what: 'CommitRate above 50000', mutate: (p) => { p.tasks[0].settings = { overrides: { FullLoadSettings: { CommitRate: 60000 } } }; }, expected: [`${P}.tasks[0].settings.overrides.FullLoadSettings.CommitRate: must be between 1 and 50000`] },
  { what: 'unknown TargetTablePrepMode', mutate: (p) => { p.tasks[0].settings = { overrides: { FullLoadSettings: { TargetTablePrepMode: 'TRUNCATE' as never } } }; }, expected: [`${P}.tasks[0].settings.overrides.FullLoadSettings.TargetTablePrepMode: must be one of DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD`] },
];

describe('pipeline spec validation', () => {
  test('GIVEN the default config WHEN validated THEN it has no problems', () => {
    expect(problemsOf(defaultInput())).toEqual([]);
  });

  test.each(badSpecs)('GIVEN $what WHEN validated THEN the problem is reported by path', ({ mutate, expected }) => {
    expect(problemsOf(redshiftConfig(mutate))).toEqual(expected);
  });

  test('GIVEN a config with many mistakes WHEN validated THEN every one is reported at once', () => {
    const config = redshiftConfig((p) => {
      p.replicationInstance.allocatedStorage = 1;
      (p.source as { port: unknown }).port = 'x';
      p.accountId = '12';
      p.tasks.push({ ...p.tasks[0] });
      p.network.subnets[1].availabilityZone = 'us-west-2a';
    });
    expect(problemsOf(config)).toEqual([
      `${P}.accountId: must be a 12-digit AWS account id`,
      `${P}.replicationInstance.allocatedStorage: must be between 5 and 6144`,
      `${P}.source.port: must be a number, not string "x"`,
      `${P}.network.subnets: must span at least 2 Availability Zones (all are in us-west-2a)`,
      `${P}.tasks[1].id: duplicate task id "redshift-fed-prod-replication-task" (first used at index 0)`,
      `${P}.tasks[1].resourceIdentifier: duplicate task resourceIdentifier "redshift-fed-prod-replication" (first used at index 0)`,
    ]);
  });

  test('GIVEN no pipelines WHEN validated THEN the config is rejected', () => {
    expect(problemsOf({ pipelines: [] })).toEqual(['pipelines: must define at least one pipeline']);
    expect(problemsOf({})).toEqual(['pipelines: is required']);
    expect(problemsOf({ pipelines: [], extra: 1 })).toEqual([
      'pipelines: must define at least one pipeline',
      'extra: is not a known field',
    ]);
  });
});

describe('the DynamoDB pipeline spec', () => {
  const D = 'pipelines[0]';
  test.each<[string, (p: DynamoDbPipelineInput) => void, string[]]>([
    [
      'a network on a stack that only attaches tasks',
      (p) => void (p.network = redshiftNetwork()),
      [`${D}.network: belongs to the stack that creates the replication instance, not to one attaching tasks (from arn)`],
    ],
    [
      'account roles on a stack that only attaches tasks',
      (p) => void (p.accountRoles = 'create'),
      [`${D}.accountRoles: are managed with the replication instance; remove it here (from arn)`],
    ],
    [
      'an instance ARN of another region',
      (p) => void (p.replicationInstance = { from: 'arn', id: 'shared', arn: 'arn:aws:dms:us-east-1:210987654321:rep:SHARED' }),
      [`${D}.replicationInstance.arn: must be in the pipeline's region us-west-2, not us-east-1`],
    ],
    [
      'an instance ARN that is not a DMS instance',
      (p) => void (p.replicationInstance = { from: 'arn', id: 'shared', arn: 'arn:aws:dms:us-west-2:210987654321:endpoint:X' }),
      [
        `${D}.replicationInstance.arn: must be a DMS replication instance ARN such as arn:aws:dms:us-west-2:123456789012:rep:ABCDEFGHIJKLMNOP`,
      ],
    ],
    [
      'a table from a source table not listed',
      (p) => void (p.target.tables[1].source = 'dbo.Refunds'),
      [`${D}.target.tables[1].source: is not one of source.tables (dbo.IntegrationLogs, dbo.Payments)`],
    ],
    [
      'provisioned billing without capacity',
      (p) => void (p.target.tables[1].billingMode = 'PROVISIONED'),
      [
        `${D}.target.tables[1].readCapacity: is required with billingMode PROVISIONED`,
        `${D}.target.tables[1].writeCapacity: is required with billingMode PROVISIONED`,
      ],
    ],
    [
      'capacity with on-demand billing',
      (p) => void (p.target.tables[1].readCapacity = 5),
      [`${D}.target.tables[1].readCapacity: applies only to billingMode PROVISIONED`],
    ],
    [
      'two indexes with one name',
      (p) => {
        const indexes = (p.target.tables[0].globalSecondaryIndexes ??= []);
        indexes.push({ ...indexes[0] });
      },
      [
        `${D}.target.tables[0].globalSecondaryIndexes[3].name: duplicate index name "GSI1-ApplicationId-LogTimestamp" (first used at index 0)`,
      ],
    ],
    [
      'one attribute with two types',
      (p) => void ((p.target.tables[0].globalSecondaryIndexes ??= [])[1].sortKey = { name: 'LogTimestamp', type: 'N' }),
      [
        `${D}.target.tables[0].globalSecondaryIndexes[1].sortKey.type: attribute LogTimestamp is S in globalSecondaryIndexes[0].sortKey; one attribute has one type`,
      ],
    ],
    [
      'two tables with one name',
      (p) => void (p.target.tables[1].name = p.target.tables[0].name),
      [`${D}.target.tables[1].name: duplicate table name "LoanApp-IntegrationLogs-dev" (first used at index 0)`],
    ],
    [
      'a table id that is not snake_case',
      (p) => void (p.target.tables[1].id = 'Payments'),
      [`${D}.target.tables[1].id: must be lowercase snake_case`],
    ],
    [
      'a column of an unknown type',
      (p) => void (((p.source.tables ??= [])[1].columns as Record<string, string>).PaymentAmount = 'money'),
      [
        `${D}.source.tables[1].columns.PaymentAmount: must be one of smallint, int, bigint, decimal, numeric, real, double, boolean, string, uuid, date, time, timestamp, json, binary`,
      ],
    ],
    [
      'an unknown CDC plugin',
      (p) => void ((p.source.cdc as Record<string, unknown>) = { plugin: 'wal2json' }),
      [`${D}.source.cdc.plugin: must be one of test-decoding, pglogical`],
    ],
    [
      'a slot name with a hyphen',
      (p) => void (p.source.cdc = { slotName: 'dms-loanapp' }),
      [`${D}.source.cdc.slotName: must be lowercase letters, digits and underscores, at most 63`],
    ],
    [
      'a sample row with a column the table lacks',
      (p) => void ((p.source.tables ??= [])[1].sampleRows = [{ PaymentId: 1, Amount: 2 }]),
      [`${D}.source.tables[1].sampleRows[0].Amount: is not a column of dbo.Payments`],
    ],
    [
      'a sample row with a string for a numeric column',
      (p) => void ((p.source.tables ??= [])[1].sampleRows = [{ PaymentId: '7' }]),
      [`${D}.source.tables[1].sampleRows[0].PaymentId: must be a number or null (column type int)`],
    ],
  ])('GIVEN %s WHEN validated THEN the problem is reported by path', (_what, mutate, expected) => {
    expect(problemsOf(dynamodbConfig(mutate))).toEqual(expected);
  });

  test('GIVEN a Redshift pipeline with derived mappings WHEN validated THEN derived is reserved for DynamoDB', () => {
    expect(problemsOf(redshiftConfig((p) => void (p.tasks[0].tableMappings = 'derived')))).toEqual([
      `${P}.tasks[0].tableMappings: derived mappings need a DynamoDB target; redshift-serverless needs a file under mappings/`,
    ]);
  });

  test('GIVEN a stack creating its instance without network or account roles WHEN validated THEN both are required', () => {
    expect(
      problemsOf(
        redshiftConfig((p) => {
          delete (p as Partial<RedshiftPipelineInput>).network;
          delete (p as Partial<RedshiftPipelineInput>).accountRoles;
        }),
      ),
    ).toEqual([
      `${P}.network: is required when this stack creates the replication instance`,
      `${P}.accountRoles: is required when this stack creates the replication instance: one of create, import, existing`,
    ]);
  });
});

describe('DMS Serverless and monitoring', () => {
  const serverless = (p: RedshiftPipelineInput, extra: Record<string, unknown> = {}) => {
    (p as { replicationInstance: unknown }).replicationInstance = { from: 'serverless', maxCapacityUnits: 16, ...extra };
  };
  test.each<[string, (p: RedshiftPipelineInput) => void, string[]]>([
    [
      'an instance class on DMS Serverless',
      (p) => serverless(p, { instanceClass: 'dms.t3.medium' }),
      [
        `${P}.replicationInstance.instanceClass: applies to a replication instance; DMS Serverless provisions capacity between minCapacityUnits and maxCapacityUnits`,
      ],
    ],
    [
      'an instance id on DMS Serverless',
      (p) => serverless(p, { id: 'x' }),
      [`${P}.replicationInstance.id: names a replication instance; serverless replications are named by their task ids`],
    ],
    [
      'capacity units on an instance',
      (p) => void ((p.replicationInstance as Record<string, unknown>).maxCapacityUnits = 8),
      [`${P}.replicationInstance.maxCapacityUnits: applies to DMS Serverless (from: serverless), not to a replication instance`],
    ],
    [
      'capacity units DMS does not offer',
      (p) => serverless(p, { maxCapacityUnits: 3 }),
      [`${P}.replicationInstance.maxCapacityUnits: must be one of 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384`],
    ],
    [
      'a minimum above the maximum',
      (p) => serverless(p, { minCapacityUnits: 32 }),
      [`${P}.replicationInstance.minCapacityUnits: must not exceed maxCapacityUnits (16)`],
    ],
    [
      'DMS Serverless without a network',
      (p) => {
        serverless(p);
        delete (p as Partial<RedshiftPipelineInput>).network;
      },
      [`${P}.network: is required for DMS Serverless (its replications run in this network)`],
    ],
    [
      'an unknown compute mode',
      (p) => void ((p.replicationInstance as { from: string }).from = 'fargate'),
      [`${P}.replicationInstance.from: from must be one of this-stack, arn, remote-state, serverless, stack`],
    ],
    [
      'a notification address that is not an email',
      (p) => void (p.monitoring = { notify: [{ protocol: 'email', endpoint: 'oncall' }] }),
      [`${P}.monitoring.notify[0].endpoint: must be an email address`],
    ],
    [
      'a notification URL over plain HTTP',
      (p) => void (p.monitoring = { notify: [{ protocol: 'https', endpoint: 'http://hooks.example.com/dms' }] }),
      [`${P}.monitoring.notify[0].endpoint: must be an https:// URL`],
    ],
    [
      'a notification protocol SNS is not given',
      (p) => void (p.monitoring = { notify: [{ protocol: 'sms' as never, endpoint: '+15555550100' }] }),
      [`${P}.monitoring.notify[0].protocol: protocol must be one of email, https`],
    ],
    [
      'a CPU threshold above 100%',
      (p) => void (p.monitoring = { thresholds: { cpuUtilizationPercent: 120 } }),
      [`${P}.monitoring.thresholds.cpuUtilizationPercent: must be between 1 and 100`],
    ],
    [
      'a topic key of another account',
      (p) => void (p.monitoring = { topicKmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }),
      [`${P}.monitoring.topicKmsKeyArn: must be in the pipeline's account 459286107047, not 111122223333`],
    ],
  ])('GIVEN %s WHEN validated THEN the problem is reported by path', (_what, mutate, expected) => {
    expect(problemsOf(redshiftConfig(mutate))).toEqual(expected);
  });

  test.each<[string, (p: RedshiftPipelineInput) => void]>([
    ['DMS Serverless with capacity units from the allowed set', (p) => serverless(p, { minCapacityUnits: 2, maxCapacityUnits: 384 })],
    ['a monitored task without resource identifier (alarms take it from the ARN)', (p) => void delete p.tasks[0].resourceIdentifier],
    [
      'a task without resource identifier when monitoring is off',
      (p) => {
        delete p.tasks[0].resourceIdentifier;
        p.monitoring = { enabled: false };
      },
    ],
    [
      'a task without resource identifier on DMS Serverless (no task alarms)',
      (p) => {
        delete p.tasks[0].resourceIdentifier;
        serverless(p);
      },
    ],
  ])('GIVEN %s WHEN validated THEN it is accepted', (_what, mutate) => {
    expect(problemsOf(redshiftConfig(mutate))).toEqual([]);
  });
});

describe('config-wide rules', () => {
  const second = (mutate: (p: RedshiftPipelineInput) => void) => {
    const config = redshiftConfig();
    const copy = structuredClone(config.pipelines[0]) as RedshiftPipelineInput;
    copy.name = 'redshift-fed-dr';
    copy.accountRoles = 'existing';
    // Its own DMS identifiers and bucket: AWS requires them unique (config/uniqueness.ts).
    copy.replicationInstance.id = 'redshift-fed-dr-replication-instance';
    copy.source.endpointId = 'redshift-fed-dr-source';
    copy.target.endpointId = 'redshift-fed-dr-target';
    copy.target.stagingBucket.name = 'dms-redshift-fed-dr-staging';
    copy.tasks = copy.tasks.map((t) => ({
      ...t,
      id: t.id.replace('redshift-fed-prod', 'redshift-fed-dr'),
      resourceIdentifier: t.resourceIdentifier?.replace('redshift-fed-prod', 'redshift-fed-dr'),
    }));
    mutate(copy);
    config.pipelines.push(copy as never);
    return config;
  };

  test('GIVEN two pipelines with one stack name WHEN validated THEN the second is reported', () => {
    const config = second((p) => {
      p.name = 'redshift-fed-prod';
    });
    expect(problemsOf(config)).toEqual(['pipelines[1].name: duplicate stack name "redshift-fed-prod" (first used at index 0)']);
  });

  test.each(['create', 'import'] as const)(
    'GIVEN a second pipeline that wants to %s the account roles in the same account WHEN validated THEN it must use "existing"',
    (mode) => {
      const config = second((p) => {
        p.accountRoles = mode;
      });
      expect(problemsOf(config)).toEqual([
        'pipelines[1].accountRoles: pipelines[0] (redshift-fed-prod) already manages dms-vpc-role and dms-cloudwatch-logs-role in account 459286107047; use "existing" here',
      ]);
    },
  );

  test('GIVEN two pipelines in different accounts WHEN both create the account roles THEN that is allowed', () => {
    const config = second((p) => {
      p.accountRoles = 'create';
      p.accountId = '111122223333';
      p.source.secretArn = p.source.secretArn.replace('459286107047', '111122223333');
      p.target.secretArn = p.target.secretArn.replace('459286107047', '111122223333');
    });
    expect(problemsOf(config)).toEqual([]);
  });

  test('GIVEN a second pipeline referencing the roles as existing WHEN validated THEN it is accepted', () => {
    expect(problemsOf(second(() => {}))).toEqual([]);
  });
});

export const BAD_SPEC_COUNT = badSpecs.length;

describe('network paths to AWS services', () => {
  test('GIVEN a public route with a written reason WHEN validated THEN it replaces the VPC endpoints', () => {
    const input = redshiftConfig((p) => {
      p.network.vpcEndpoints = {};
      p.network.egress.httpsCidrs = ['0.0.0.0/0'];
      p.network.allowInternetEgress = { reason: 'shared VPC has no S3 gateway endpoint until NET-123' };
    });
    expect(problemsOf(input)).toEqual([]);
  });

  test('GIVEN S3 through an interface endpoint range WHEN validated THEN it is an S3 path', () => {
    expect(problemsOf(redshiftConfig((p) => void ((p.network.vpcEndpoints ??= {}).s3 = { cidrs: ['10.50.8.0/24'] })))).toEqual([]);
  });

  test('GIVEN the loan application pipeline on its own network without a DynamoDB path WHEN validated THEN the path is required', () => {
    const input = dynamodbConfig((p) => {
      (p as { replicationInstance: unknown }).replicationInstance = { from: 'serverless', minCapacityUnits: 1, maxCapacityUnits: 4 };
      p.accountRoles = 'existing';
      p.network = {
        ...redshiftNetwork(),
        egress: { sourceCidrs: ['10.60.0.0/16'] },
        vpcEndpoints: { s3: { prefixListIds: ['pl-68a54001'] }, secretsManager: { cidrs: ['10.61.0.0/16'] } },
      };
    });
    expect(problemsOf(input)).toEqual([
      `${P}.network.vpcEndpoints.dynamodb: is required for a DynamoDB target: from DMS 3.4.7 a replication instance in a private subnet reaches DynamoDB only through a VPC endpoint or a public route (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS")`,
    ]);
  });
});
