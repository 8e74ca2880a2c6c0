/**
 * support/synth.ts keeps each suite's synthesized JSON under the content it was built from: a repeat is served
 * from it, each call gets objects of its own, and an edited mapping file (same path) is synthesized afresh.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE_MAPPINGS, redshiftConfig } from './helpers';
import { resourceOf, synthesizeAll, synthesizeOne } from './synth';

const MAPPING_FILE = 'dms-table-mappings.json';

test('GIVEN one input synthesized twice WHEN the first result is edited THEN the second is the same JSON, untouched', () => {
  // GIVEN
  const first = synthesizeOne(redshiftConfig());
  // WHEN
  resourceOf(first.tf, 'aws_dms_endpoint', 'target').ssl_mode = 'require';
  const second = synthesizeOne(redshiftConfig());
  // THEN
  expect(second.json).toBe(first.json);
  expect(resourceOf(second.tf, 'aws_dms_endpoint', 'target').ssl_mode).toBeUndefined();
});

test('GIVEN a mapping file edited in place between two synths WHEN synthesized again THEN the task has the new table', () => {
  // GIVEN: a copy of the fixture mappings, synthesized once
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-memo-'));
  try {
    const file = path.join(dir, MAPPING_FILE);
    fs.copyFileSync(path.join(FIXTURE_MAPPINGS, MAPPING_FILE), file);
    const tablesOf = () => {
      const [stack] = synthesizeAll(redshiftConfig(), {}, dir).values();
      const tasks = Object.values(stack.tf.resource.aws_dms_replication_task as Record<string, { table_mappings: string }>);
      return tasks.flatMap((task) =>
        JSON.parse(task.table_mappings).rules.map(
          (rule: { 'object-locator': { 'table-name'?: string } }) => rule['object-locator']['table-name'],
        ),
      );
    };
    expect(tablesOf()).not.toContain('DimCustomer');
    // WHEN
    const document = JSON.parse(fs.readFileSync(file, 'utf8'));
    document.rules.push({
      'rule-type': 'selection',
      'rule-id': '99',
      'rule-name': 'include-dbo-dimcustomer',
      'object-locator': { 'schema-name': 'dbo', 'table-name': 'DimCustomer' },
      'rule-action': 'include',
    });
    fs.writeFileSync(file, JSON.stringify(document, null, 2));
    // THEN
    expect(tablesOf()).toContain('DimCustomer');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
