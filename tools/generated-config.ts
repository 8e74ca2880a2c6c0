/**
 * Generated pipeline configs for scale benchmarks: `count` copies of the default Redshift pipeline, each with
 * its own names and a `tables`-table mapping built by TableMappingsBuilder. Nothing large is committed; the
 * bench writes these into a temporary directory.
 * `tools/generate-config.ts` is the command-line front end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redshiftFedProd } from '../config/pipelines/redshift-fed-prod';
import type { PipelineConfigInput } from '../config/schema';
import { TableMappingsBuilder } from '../mappings/builder';
import { renderTableMappingsFile } from '../mappings/table-mappings';

type PipelineInput = PipelineConfigInput['pipelines'][number];

export interface GeneratedConfig {
  config: PipelineConfigInput;
  /** File name (under the mappings directory) → canonical file text. */
  mappingFiles: Map<string, string>;
}

export function generateConfig(pipelines: number, tables: number): GeneratedConfig {
  const template = redshiftFedProd;
  const { replicationInstance: instance, target } = template;
  if (instance.from !== 'this-stack' || target.engine !== 'redshift-serverless') {
    throw new Error('the template pipeline must create its instance and write to Redshift');
  }
  const mappingFiles = new Map<string, string>();
  const generated = Array.from({ length: pipelines }, (_, index): PipelineInput => {
    const name = `gen-${String(index + 1).padStart(3, '0')}`;
    const file = `${name}.json`;
    const tableNames = Array.from({ length: tables }, (_, t) => `Table${String(t + 1).padStart(5, '0')}`);
    const mappings = new TableMappingsBuilder('redshift-serverless')
      .includeTables('dbo', tableNames)
      .renameSchema('dbo', 'public')
      .convertCase('lowercase', 'table', 'dbo')
      .convertCase('lowercase', 'column', 'dbo')
      .build();
    mappingFiles.set(file, renderTableMappingsFile(mappings));
    const pipeline = structuredClone(template);
    return {
      ...pipeline,
      name,
      // One stack per account manages the account-global roles.
      accountRoles: index === 0 ? 'create' : 'existing',
      replicationInstance: { ...structuredClone(instance), id: `${name}-instance` },
      source: { ...pipeline.source, endpointId: `${name}-source` },
      target: {
        ...structuredClone(target),
        endpointId: `${name}-target`,
        stagingBucket: { ...target.stagingBucket, name: `dms-${name}-staging-${pipeline.accountId}` },
      },
      tasks: pipeline.tasks.map((task) => ({ ...task, id: `${name}-task`, resourceIdentifier: `${name}-task`, tableMappings: file })),
    };
  });
  return { config: { pipelines: generated }, mappingFiles };
}

export function writeGeneratedConfig(dir: string, generated: GeneratedConfig): { configFile: string; mappingsDir: string } {
  const mappingsDir = path.join(dir, 'mappings');
  fs.mkdirSync(mappingsDir, { recursive: true });
  for (const [file, text] of generated.mappingFiles) fs.writeFileSync(path.join(mappingsDir, file), text);
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, `${JSON.stringify(generated.config, null, 2)}\n`);
  return { configFile, mappingsDir };
}
