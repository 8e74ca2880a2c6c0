/** engines/targets/dynamodb: what a DynamoDB target asks of IAM, mappings, preflight, validation and review. */
import { dynamoDbTarget as adapter } from '../../../../engines/targets/dynamodb';
import type { TargetOf } from '../../../../engines/types';
import { opsInput, opsPipelines } from '../../../support/ops-fixture';

const KEY = 'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function ordersTarget(input = opsInput()) {
  const [, orders] = opsPipelines(input);
  // The fixture's second pipeline is its DynamoDB one; anything else is a broken fixture.
  const target = ((t): TargetOf<'dynamodb'> => {
    if (t.engine !== 'dynamodb') throw new Error(`fixture target is ${t.engine}`);
    return t;
  })(orders.target);
  return { orders, target };
}

test('GIVEN DynamoDB tables, one with its own key WHEN the IAM needs are read THEN they name the tables and the key, and no secret', () => {
  // GIVEN
  const input = opsInput();
  input.pipelines[1].target.tables[0].kmsKeyArn = KEY;
  const { target } = ordersTarget(input);
  // WHEN
  const needs = adapter.iam(target);
  // THEN
  expect(needs).toEqual({ secretArns: [], secretKmsKeyArns: [], dynamodbTables: ['Orders-dev'], dynamodbKmsKeyArns: [KEY] });
});

test('GIVEN the DynamoDB target WHEN asked what is keyed from a source table THEN it names the tables written from it', () => {
  // GIVEN
  const { target } = ordersTarget();
  // WHEN / THEN
  expect(adapter.keyedFrom(target, 'app.Orders')).toBe('DynamoDB Orders-dev');
  expect(adapter.keyedFrom(target, 'app.Customers')).toBeUndefined();
});

test('GIVEN the DynamoDB target WHEN its mappings are derived THEN they pass its own checks, and the tables count as defined', () => {
  // GIVEN
  const { orders, target } = ordersTarget();
  // WHEN
  const document = adapter.mappings.derive?.(target, orders.source.tables);
  // THEN
  expect(document?.rules.map((rule) => rule['rule-type'])).toEqual(['selection', 'object-mapping']);
  expect(document && adapter.mappings.check(document, target, orders.source.tables)).toEqual([]);
  expect(adapter.mappings.targetTablesDefined).toBe(true);
});

test('GIVEN the DynamoDB pipeline WHEN its review and validation parts are asked THEN it previews items and is checked with the AWS CLI', () => {
  // GIVEN
  const { orders, target } = ordersTarget();
  // WHEN
  const tables = adapter.sampleItems(orders, target);
  // THEN
  expect(tables.map((t) => [t.table, t.source, t.items.length])).toEqual([['Orders-dev', 'app.Orders', 2]]);
  const [{ row, item }] = tables[0].items;
  expect(item.PK).toEqual({ S: `ORDER#${String(row.OrderId)}` });
  expect(adapter.validation.sql).toBeUndefined();
  expect(adapter.validation.shell?.(orders, [])).toContain('# No table is known by name.');
  expect(adapter.runbookValidation('orders-ddb-dev', {})).toBe('bash validation/orders-ddb-dev.sh');
  expect(adapter.adopted(target, () => 'ignored')).toBe(target);
});
