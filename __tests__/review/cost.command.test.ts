/**
 * The monthly cost estimate in `npm run review`: per stack from the synthesized resources and the dated price
 * file of the region, the delta against --base, and the price files themselves (dated, sourced, not stale).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INSTANCE_CLASS_SIZES } from '../../config/instance-classes';
import { type PriceFile, costDelta, estimateStack, instanceHourly, pricesDir } from '../../review/cost';
import { readSynthesizedTree } from '../../review/synthesized';
import { opsInput, runCommand } from '../support/ops-fixture';
import { synthOps } from '../support/synth';
import { must } from '../support/must';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-cost-'));
const base = path.join(work, 'base');
const bigger = path.join(work, 'bigger');
const serverless = path.join(work, 'serverless');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  await synthOps(base);
  const input = opsInput();
  input.pipelines[0].replicationInstance.instanceClass = 'dms.r5.large';
  input.pipelines[0].replicationInstance.multiAz = true;
  input.pipelines[0].replicationInstance.allocatedStorage = 250;
  input.pipelines[1].target.tables[0].billingMode = 'PROVISIONED';
  input.pipelines[1].target.tables[0].readCapacity = 10;
  input.pipelines[1].target.tables[0].writeCapacity = 20;
  input.pipelines[1].target.tables[0].globalSecondaryIndexes = [];
  await synthOps(bigger, input);
  const s = opsInput();
  s.pipelines[0].replicationInstance = { from: 'serverless', minCapacityUnits: 2, maxCapacityUnits: 16 };
  await synthOps(serverless, { pipelines: [s.pipelines[0]] });
});

const prices: PriceFile = JSON.parse(fs.readFileSync(path.join(pricesDir(), 'us-west-2.json'), 'utf8'));
const line = (cost: ReturnType<typeof estimateStack>, start: string) => cost.lines.find((l) => l.item.startsWith(start));
const costsOf = (dir: string) => readSynthesizedTree(dir).map((stack) => estimateStack(stack));

describe('estimate per stack', () => {
  test("GIVEN an owned dms.t3.medium with 50 GB WHEN estimated THEN instance hours × price, no storage beyond the included 50 GB, and the stack's other resources", () => {
    const warehouse = must(costsOf(base).find((c) => c.stack === 'warehouse-prod'));
    const hourly = prices.dmsInstanceHourly.burstable.medium;
    expect(line(warehouse, 'aws_dms_replication_instance.replication_instance (dms.t3.medium)')).toMatchObject({
      quantity: '730 h × 1',
      min: Math.round(hourly * 730 * 100) / 100,
    });
    expect(line(warehouse, 'aws_dms_replication_instance.replication_instance storage')).toMatchObject({
      quantity: '50 GB (50 included) × 1',
      min: 0,
    });
    expect(line(warehouse, 'Secrets Manager')).toMatchObject({ quantity: '2', min: 0.8 });
    expect(line(warehouse, 'CloudWatch alarms')).toMatchObject({ quantity: '5', min: 0.5 });
    expect(line(warehouse, 'aws_s3_bucket.staging')).toBeDefined();
    expect(warehouse.total.min).toBe(Math.round(warehouse.lines.reduce((n, l) => n + l.min, 0) * 100) / 100);
    expect(warehouse.missing).toEqual([]);
    expect(warehouse.assumptions[0]).toBe(
      'prices of us-west-2 as of 2026-12-02 (config/prices/us-west-2.json), 730 h per month, on-demand, no free tier, no data transfer',
    );
    expect(warehouse.assumptions).toContainEqual(expect.stringContaining('assumed prices: DMS instance hourly prices'));
  });

  test('GIVEN tasks on an instance another stack owns and on-demand DynamoDB tables with a GSI WHEN estimated THEN no instance cost here, writes and storage count the GSI', () => {
    const orders = must(costsOf(base).find((c) => c.stack === 'orders-ddb-dev'));
    expect(orders.region).toBe('us-east-1');
    expect(line(orders, 'Replication instance (owned by another stack)')).toMatchObject({ min: 0 });
    expect(line(orders, 'aws_dynamodb_table.orders')).toMatchObject({
      item: 'aws_dynamodb_table.orders (on-demand, 1 GSI)',
      quantity: '2M writes incl. GSIs, 2 GB (assumed)',
      min: 2 * 0.625 + 2 * 0.25 + 0.2,
    });
  });

  test('GIVEN DMS Serverless 2–16 DCU WHEN estimated THEN the cost is a min–max range', () => {
    // The account baseline stack (dms-account-<id>) is synthesized beside it; the pipeline's is the one to price.
    const cost = must(costsOf(serverless).find((c) => !c.stack.startsWith('dms-account-')));
    const dcu = prices.prices.dmsServerlessDcuHour.usd;
    expect(line(cost, 'aws_dms_replication_config')).toMatchObject({ min: 2 * dcu * 730, max: 16 * dcu * 730 });
    expect(cost.total.max - cost.total.min).toBeCloseTo(14 * dcu * 730, 2);
  });

  test('GIVEN a class without a price, a resource type without a cost model, or a region without a price file WHEN estimated THEN it is listed as not estimated, never zero', () => {
    const [stack] = readSynthesizedTree(base).filter((s) => s.name === 'warehouse-prod');
    const c4 = structuredClone(stack);
    c4.tf.resource.aws_dms_replication_instance.replication_instance.replication_instance_class = 'dms.c4.large';
    expect(estimateStack(c4).missing).toEqual([
      'aws_dms_replication_instance.replication_instance: no price for dms.c4.large in config/prices/us-west-2.json',
    ]);
    const endpoint = structuredClone(stack);
    endpoint.tf.resource.aws_vpc_endpoint = { s3: { service_name: 'com.amazonaws.us-west-2.s3' } };
    expect(estimateStack(endpoint).missing).toEqual(['aws_vpc_endpoint (1): no cost model for this resource type']);
    const elsewhere = structuredClone(stack);
    elsewhere.tf.provider.aws[0].region = 'ap-south-2';
    expect(estimateStack(elsewhere)).toMatchObject({ lines: [], missing: ['everything: no price file config/prices/ap-south-2.json'] });
  });

  test('GIVEN the price table WHEN sizes grow THEN prices scale linearly within a family', () => {
    expect(instanceHourly(prices, 'dms.c5.4xlarge')).toBeCloseTo(8 * prices.dmsInstanceHourly.largeOf.c5, 6);
    expect(instanceHourly(prices, 'dms.r5.xlarge')).toBeCloseTo(2 * prices.dmsInstanceHourly.largeOf.r5, 6);
    expect(instanceHourly(prices, 'dms.t3.large')).toBe(prices.dmsInstanceHourly.burstable.large);
  });
});

describe('delta against --base', () => {
  test('GIVEN a bigger Multi-AZ instance and a provisioned table WHEN compared THEN each changed item and the totals are listed', () => {
    const delta = costDelta(costsOf(base), costsOf(bigger));
    const warehouse = must(delta.find((d) => d.stack === 'warehouse-prod'));
    const r5 = prices.dmsInstanceHourly.largeOf.r5;
    expect(warehouse.changes).toEqual([
      {
        item: 'aws_dms_replication_instance.replication_instance',
        before: Math.round(prices.dmsInstanceHourly.burstable.medium * 730 * 100) / 100,
        after: Math.round(r5 * 730 * 2 * 100) / 100,
      },
      { item: 'aws_dms_replication_instance.replication_instance storage', before: 0, after: Math.round(150 * 0.115 * 2 * 100) / 100 },
    ]);
    expect(must(warehouse.after).max - must(warehouse.before).max).toBeCloseTo(
      r5 * 730 * 2 - prices.dmsInstanceHourly.burstable.medium * 730 + 150 * 0.115 * 2,
      1,
    );
    const orders = must(delta.find((d) => d.stack === 'orders-ddb-dev'));
    expect(orders.changes).toEqual([
      {
        item: 'aws_dynamodb_table.orders',
        before: 1.95,
        after: Math.round(((20 * 0.00065 + 10 * 0.00013) * 730 + 0.25 + 0.2) * 100) / 100,
      },
    ]);
    expect(costDelta(costsOf(base), costsOf(base))).toEqual([]);
  });

  test('GIVEN --base WHEN npm run review runs THEN the Markdown has the cost tables and the change', () => {
    const result = runCommand('review', ['--out', bigger, '--base', base]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Monthly cost: `warehouse-prod` (us-west-2)');
    expect(result.stdout).toContain('| aws_dms_replication_instance.replication_instance (dms.r5.large, Multi-AZ) | 730 h × 2 |');
    expect(result.stdout).toContain('## Cost change against the base synth');
    expect(result.stdout).toMatch(/- `warehouse-prod`: \$\d+\.\d\d → \$\d+\.\d\d \(\+\$\d+\.\d\d\)/);
    expect(result.stdout).toContain('Assumptions:');
  });
});

describe('price files', () => {
  const files = fs.readdirSync(pricesDir()).filter((f) => f.endsWith('.json'));

  test.each(files)('%s is dated within the last year (refresh the prices and asOf when this fails)', (file) => {
    const doc: PriceFile = JSON.parse(fs.readFileSync(path.join(pricesDir(), file), 'utf8'));
    const age = Date.now() - Date.parse(`${doc.asOf}T00:00:00Z`);
    expect(Number.isNaN(age)).toBe(false);
    expect(age).toBeLessThan(365 * 24 * 3600 * 1000);
  });

  test.each(files)('%s names its region, and a known source for every price', (file) => {
    const doc: PriceFile = JSON.parse(fs.readFileSync(path.join(pricesDir(), file), 'utf8'));
    expect(`${doc.region}.json`).toBe(file);
    const sourced = [doc.dmsInstanceHourly, ...Object.values(doc.prices)];
    for (const entry of sourced) {
      expect(Object.keys(doc.sources)).toContain(entry.source);
      expect(typeof entry.assumption).toBe('boolean');
    }
  });

  test('every instance class validation accepts is priced, or is one of the families the file says are not', () => {
    const unpriced = Object.entries(INSTANCE_CLASS_SIZES)
      .flatMap(([family, sizes]) => sizes.map((size) => `dms.${family}.${size}`))
      .filter((c) => instanceHourly(prices, c) === undefined);
    expect([...new Set(unpriced.map((c) => c.split('.')[1]))].sort()).toEqual(['c4', 'r4', 't2']);
  });
});
