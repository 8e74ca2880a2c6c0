/**
 * A 5,000-table mapping goes through the whole path: built, written as a mapping file, validated by the
 * loader, and synthesized into a stack. (Its timing belongs to `npm run bench`, not to this test.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import { TableMappingsBuilder } from '../../mappings/builder';
import { resolvePipelines } from '../../app/resolve';
import { renderTableMappingsFile } from '../../mappings/table-mappings';
import { Testing } from '../../platform/cdktf';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { redshiftConfig } from '../support/helpers';
import { testApp } from '../support/test-app';

test('GIVEN a 5,000-table mapping file WHEN resolved and synthesized THEN the task carries all 5,000 selection rules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-scale-'));
  try {
    const tables = Array.from({ length: 5000 }, (_, i) => `Table${String(i).padStart(4, '0')}`);
    const mappings = new TableMappingsBuilder('redshift-serverless').includeTables('dbo', tables).renameSchema('dbo', 'public').build();
    fs.writeFileSync(path.join(dir, 'large.json'), renderTableMappingsFile(mappings));

    const [pipeline] = resolvePipelines(parseConfig(redshiftConfig((p) => void (p.tasks[0].tableMappings = 'large.json'))), dir);
    const stack = new DmsPipelineStack(testApp(), pipeline);
    const tf = JSON.parse(Testing.synth(stack));

    const rules = JSON.parse(tf.resource.aws_dms_replication_task.replication_task.table_mappings).rules;
    expect(rules).toHaveLength(5001);
    expect(rules.filter((r: { 'rule-type': string }) => r['rule-type'] === 'selection')).toHaveLength(5000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
