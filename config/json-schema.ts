/**
 * `config/pipeline.schema.json`, generated from the same zod schema that validates configs, for editors and for
 * JSON configs passed through `DMS_CONFIG`. Cross-field rules (accounts, duplicates) are enforced only by the
 * loader; JSON Schema describes shapes, ranges and patterns.
 */
import { z } from 'zod';
import { configSchema } from './schema';

export const PIPELINE_SCHEMA_FILE = 'config/pipeline.schema.json';

export function renderPipelineJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  const document = {
    $schema: schema.$schema,
    $id: 'https://dms-cdktf.local/pipeline.schema.json',
    title: 'dms-cdktf pipeline config',
    description: 'Generated from config/schema/ by `npm run schema`; do not edit by hand.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
