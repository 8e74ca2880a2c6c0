/**
 * config/pipeline.schema.json is generated from config/schema.ts; editors and JSON configs rely on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PIPELINE_SCHEMA_FILE, renderPipelineJsonSchema } from '../../config/json-schema';
import { projectRoot } from '../../core/paths';

test('GIVEN the zod schema WHEN rendered as JSON Schema THEN the committed file is up to date (run `npm run schema`)', () => {
  const committed = fs.readFileSync(path.join(projectRoot(), PIPELINE_SCHEMA_FILE), 'utf8');
  expect(committed).toBe(renderPipelineJsonSchema());
});

test('GIVEN the JSON Schema WHEN read THEN it forbids unknown fields and knows the closed sets', () => {
  const schema = JSON.parse(renderPipelineJsonSchema());
  const pipeline = schema.properties.pipelines.items;
  expect(pipeline.additionalProperties).toBe(false);
  expect(pipeline.properties.accountRoles.enum).toEqual(['create', 'import', 'existing']);
  expect(pipeline.properties.tasks.items.properties.migrationType.enum).toEqual(['full-load', 'cdc', 'full-load-and-cdc']);
  const owned = pipeline.properties.replicationInstance.oneOf.find(
    (o: { properties: { from: { const: string } } }) => o.properties.from.const === 'this-stack',
  );
  expect(owned.properties.allocatedStorage).toMatchObject({ minimum: 5, maximum: 6144 });
});
