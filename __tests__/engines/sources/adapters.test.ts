/** engines/sources/<engine>: what each source engine gives the endpoint, the egress rule, IAM, preflight and the runbook. */
import { SOURCE_ENGINES, onSource } from '../../../engines/registry';
import { postgresPreflight, postgresSourceOf } from '../../../engines/preflight';
import { opsInput, opsPipelines } from '../../support/ops-fixture';

const [warehouse, orders] = opsPipelines();

test('GIVEN each fixture source WHEN its endpoint settings are read THEN only PostgreSQL sets logical decoding', () => {
  // GIVEN / WHEN
  const settings = [warehouse, orders].map((p) => onSource(p.source, (adapter, source) => adapter.endpointSettings(source)));
  // THEN
  expect(settings).toEqual([
    {},
    {
      postgresSettings: {
        pluginName: 'test-decoding',
        slotName: 'dms_orders_ddb_dev',
        heartbeatEnable: true,
        heartbeatFrequency: 5,
        heartbeatSchema: 'public',
        captureDdls: false,
      },
    },
  ]);
});

test('GIVEN a source with a secret key WHEN its egress and IAM needs are read THEN they name the server and the secret and key', () => {
  // GIVEN
  const input = opsInput();
  input.pipelines[1].source.secretKmsKeyArn = 'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const [, pipeline] = opsPipelines(input);
  // WHEN
  const parts = onSource(pipeline.source, (adapter, source) => ({ egress: adapter.egressDescription(source), iam: adapter.iam(source) }));
  // THEN
  expect(parts).toEqual({
    egress: 'postgres source orders.db.example:5432',
    iam: {
      secretArns: [pipeline.source.secretArn],
      secretKmsKeyArns: ['arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    },
  });
});

test('GIVEN a SQL Server source WHEN preflight is asked for THEN it is refused with the reason, never run as PostgreSQL', async () => {
  // GIVEN
  let queried = false;
  // WHEN
  const run = postgresPreflight(warehouse, async () => {
    queried = true;
    return [];
  });
  // THEN
  await expect(run).rejects.toThrow(
    'warehouse-prod: has a sqlserver source; preflight checks PostgreSQL sources (for SQL Server, prereqs/warehouse-prod.sql starts with the same checks)',
  );
  expect(queried).toBe(false);
  expect(() => postgresSourceOf(warehouse)).toThrow('has a sqlserver source');
  expect(postgresSourceOf(orders)).toBe(orders.source);
});

test('GIVEN each registered source engine WHEN the runbook validation line is asked for a source-only file THEN each uses its own client', () => {
  // GIVEN / WHEN
  const lines = {
    sqlserver: SOURCE_ENGINES.sqlserver.runbook.validation({ ...warehouse.source, engine: 'sqlserver', rds: false }, 'w', true),
    postgres: onSource(orders.source, (adapter, source) => adapter.runbook.validation(source, 'o', true)),
  };
  // THEN
  expect(lines.sqlserver).toBe('# Part 1 of validation/w.sql on the source (SSMS, or sqlcmd -S sql01.corp.example,1433 -d Sales)');
  expect(lines.postgres).toBe('psql -h orders.db.example -p 5432 -d orders -f validation/o.sql');
});
