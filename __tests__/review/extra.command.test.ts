/**
 * `npm run review` sections from issue 16 on the fixture config: target names per task (columns from
 * source.tables) and the monthly cost per stack with the delta against --base.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateValidation } from '../../engines/validation';
import { extraReview, validationStatus } from '../../review/extra';
import { readSynthesizedTree } from '../../review/synthesized';
import { opsInput, opsPipelines, runCommand } from '../support/ops-fixture';
import { synthOps } from '../support/synth';
import { must } from '../support/must';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-review-extra-'));
const base = path.join(work, 'base');
const changed = path.join(work, 'changed');

beforeAll(async () => {
  await synthOps(base);
  const input = opsInput();
  input.pipelines[0].replicationInstance.instanceClass = 'dms.r5.large';
  input.pipelines[0].replicationInstance.multiAz = true;
  await synthOps(changed, input);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('target names', () => {
  test('GIVEN wildcards, an exclude, a schema rename, lowercase rules and a column removal WHEN reviewed THEN each table and column has its target name', () => {
    const { json } = extraReview(readSynthesizedTree(base), undefined, opsPipelines());
    const warehouse = must(json.targetNames.find((s) => s.stack === 'warehouse-prod'));
    const tables = warehouse.tasks[0].preview.tables;
    expect(tables.map((t) => `${t.source.schema}.${t.source.table} -> ${t.target.schema}.${t.target.table}`)).toEqual([
      'dbo.DimStore -> public.dimstore',
      'dbo.FactOrders -> public.factorders',
    ]);
    expect(must(tables[0].columns).map((c) => [c.source, c.target])).toEqual([
      ['StoreKey', 'storekey'],
      ['StoreName', 'storename'],
      ['tmp_Load', undefined],
    ]);
    const orders = must(json.targetNames.find((s) => s.stack === 'orders-ddb-dev')).tasks[0].preview.tables;
    expect(orders.map((t) => [t.target.table, must(t.columns).map((c) => c.target)])).toEqual([
      ['Orders-dev', ['OrderId', 'CustomerId', 'Status', 'PlacedAt', 'PK']],
    ]);
  });

  test('GIVEN the fixture as DMS_CONFIG WHEN npm run review runs THEN the Markdown lists target names', () => {
    const result = runCommand('review', ['--out', base]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Target names: `warehouse-prod`');
    expect(result.stdout).toContain(
      '| dbo.DimStore | public.dimstore | #1 include, #4 rename, #5 convert-lowercase | StoreKey → storekey, StoreName → storename, ~~tmp_Load~~ (removed) |',
    );
    expect(result.stdout).toContain(
      '| app.Orders | Orders-dev | #1 include, #2 map-record-to-record | OrderId, CustomerId, Status, PlacedAt, + PK |',
    );
  });
});

describe('validation files in review', () => {
  test('GIVEN no validation files for the fixture stacks WHEN reviewed THEN review says to generate them; a stale file is flagged', () => {
    const root = path.join(work, 'root');
    const pipeline = must(opsPipelines().find((p) => p.name === 'warehouse-prod'));
    expect(validationStatus('warehouse-prod', pipeline, root)).toEqual([
      '**validation/warehouse-prod.sql not generated**: run npm run prereqs -- warehouse-prod',
    ]);
    fs.mkdirSync(path.join(root, 'validation'), { recursive: true });
    fs.writeFileSync(path.join(root, 'validation', 'warehouse-prod.sql'), '-- old\n');
    expect(validationStatus('warehouse-prod', pipeline, root)).toEqual([
      '**validation/warehouse-prod.sql is stale**: run npm run prereqs -- warehouse-prod',
    ]);
    fs.writeFileSync(path.join(root, 'validation', 'warehouse-prod.sql'), generateValidation(pipeline)[0].text);
    expect(validationStatus('warehouse-prod', pipeline, root)).toEqual(['validation/warehouse-prod.sql, up to date']);
  });
});
