/**
 * engines/registry.ts: one adapter per engine the schema accepts, and calls reach the adapter of the spec's own
 * engine (not a default branch). On the fixture config of __tests__/fixtures/ops, never the team's pipelines.
 */
import { parseConfig } from '../../config/load';
import { ValidationFailed } from '../../core/errors';
import { SOURCE_ENGINES, type SourceRegistry, TARGET_ENGINES, type TargetRegistry, onSource, onTarget } from '../../engines/registry';
import { generatePrereqs } from '../../engines/prereqs';
import { sqlServerSource } from '../../engines/sources/sqlserver';
import { redshiftServerlessTarget } from '../../engines/targets/redshift-serverless';
import type { SourceSpec } from '../../engines/types';
import type { TargetSpec } from '../../config/schema';
import { sectionOfEngine } from '../../config/schema/targets';
import { opsInput, opsPipelines } from '../support/ops-fixture';

/** The engine names the schema's error message offers for an engine it does not know. */
function enginesTheSchemaAccepts(side: 'source' | 'target'): string[] {
  const input = opsInput();
  // The pipeline without a network: the question is the engine list, not what else an unknown engine upsets.
  input.pipelines[1][side].engine = 'not-an-engine';
  try {
    parseConfig(input);
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    const issue = error.issues.find((i) => i.path === `pipelines[1].${side}.engine` || i.path === `pipelines[1].${side}`);
    const listed = /one of (.+)$/.exec(issue?.message ?? '');
    if (listed) return listed[1].split(', ').sort();
  }
  throw new Error(`the schema accepted ${side} engine not-an-engine`);
}

describe('the registry', () => {
  test('GIVEN the schema WHEN its source and target engines are listed THEN the registry has an adapter for each, and no other', () => {
    // GIVEN / WHEN
    const sources = enginesTheSchemaAccepts('source');
    const targets = enginesTheSchemaAccepts('target');
    // THEN
    expect(Object.keys(SOURCE_ENGINES).sort()).toEqual(sources);
    expect(Object.keys(TARGET_ENGINES).sort()).toEqual(targets);
  });

  test('GIVEN a registry missing an engine or holding the wrong adapter THEN it does not compile', () => {
    // GIVEN / THEN (npm run typecheck fails if either line compiles)
    // @ts-expect-error postgres is missing: the compiler names what a registry must list.
    const incomplete: SourceRegistry = { sqlserver: sqlServerSource, 'aurora-postgresql': SOURCE_ENGINES['aurora-postgresql'] };
    // @ts-expect-error the Redshift adapter is typed on the Redshift spec, not DynamoDB's.
    const mismatched: TargetRegistry = { 'redshift-serverless': redshiftServerlessTarget, dynamodb: redshiftServerlessTarget };
    // WHEN used anyway, dispatch still reaches only what is listed.
    expect(Object.keys(incomplete)).not.toContain('postgres');
    expect(mismatched.dynamodb).toBe(redshiftServerlessTarget);
  });

  test('GIVEN a spec whose engine has no adapter (input that bypassed validation) WHEN dispatched THEN it fails, naming the engine', () => {
    // GIVEN
    const [warehouse] = opsPipelines();
    const source: SourceSpec = JSON.parse(JSON.stringify({ ...warehouse.source, engine: 'oracle' }));
    const target: TargetSpec = JSON.parse(JSON.stringify({ ...warehouse.target, engine: 's3' }));
    // WHEN / THEN
    expect(() => onSource(source, () => 'reached')).toThrow('no adapter for source engine oracle (engines/registry.ts)');
    expect(() => onTarget(target, () => 'reached')).toThrow('no adapter for target engine s3 (engines/registry.ts)');
  });

  test("GIVEN a registry passed in WHEN a source is dispatched THEN that registry's adapter gets the spec as its own variant", () => {
    // GIVEN
    const [, orders] = opsPipelines();
    const seen: string[] = [];
    const registry: SourceRegistry = {
      ...SOURCE_ENGINES,
      postgres: { ...SOURCE_ENGINES.postgres, egressDescription: (source) => `slot ${source.cdc.slotName}` },
    };
    // WHEN
    seen.push(onSource(orders.source, (adapter, source) => adapter.egressDescription(source), registry));
    // THEN
    expect(seen).toEqual(['slot dms_orders_ddb_dev']);
  });
});

describe('dispatch is real: each source engine writes its own prerequisites', () => {
  const header = (sql: string) => sql.split('\n\n')[0];

  test('GIVEN the SQL Server pipeline WHEN prerequisites are generated THEN they are T-SQL for sqlcmd', () => {
    // GIVEN
    const [warehouse] = opsPipelines();
    // WHEN
    const { sql } = generatePrereqs(warehouse);
    // THEN
    expect(header(sql)).toContain('-- Source: sqlserver (self-managed), database Sales on sql01.corp.example:1433');
    expect(header(sql)).toContain(
      '-- Run as a sysadmin, in SSMS or with sqlcmd -b -S <server> -i prereqs/warehouse-prod.sql; safe to re-run.',
    );
    expect(sql).toContain('sp_cdc_enable_table');
    expect(sql).not.toContain('pg_create_logical_replication_slot');
  });

  test.each([
    ['postgres', 'a superuser (RDS: the master user)', true],
    ['aurora-postgresql', 'the master user (rds_superuser)', false],
  ])(
    "GIVEN the PostgreSQL pipeline as engine %s WHEN prerequisites are generated THEN who runs them and the server kinds are that engine's",
    (engine, who, selfManaged) => {
      // GIVEN
      const input = opsInput();
      input.pipelines[1].source.engine = engine;
      const [, orders] = opsPipelines(input);
      // WHEN
      const { sql } = generatePrereqs(orders);
      // THEN
      expect(header(sql)).toContain(`-- Source: ${engine}, database orders on orders.db.example:5432`);
      expect(header(sql)).toContain(`-- Run as ${who}: psql -v ON_ERROR_STOP=1 -d orders -f prereqs/orders-ddb-dev.sql; safe to re-run.`);
      expect(sql).toContain("pg_create_logical_replication_slot('dms_orders_ddb_dev', 'test_decoding')");
      expect(sql.includes('Self-managed: ALTER SYSTEM')).toBe(selfManaged);
      expect(sql).not.toContain('sp_cdc_enable_table');
    },
  );
});

test('GIVEN each target engine WHEN the config section and the engine adapter are compared THEN they agree on which derives table mappings', () => {
  // GIVEN: config accepts `tableMappings: derived` from its section facts; the adapter is what derives them.
  for (const [engine, adapter] of Object.entries(TARGET_ENGINES)) {
    // WHEN
    const section = sectionOfEngine(engine);
    // THEN
    expect(section).toBeDefined();
    expect({ engine, derives: section?.derivesMappings }).toEqual({
      engine,
      derives: 'derive' in adapter.mappings && typeof adapter.mappings.derive === 'function',
    });
  }
});
