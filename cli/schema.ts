/** `dms schema` (`npm run schema`): regenerate config/pipeline.schema.json from config/schema.ts. */
import * as path from 'node:path';
import { PIPELINE_SCHEMA_FILE, renderPipelineJsonSchema } from '../config/json-schema';
import { projectRoot } from '../core/paths';
import { writeFileAtomically } from '../core/output-file';
import { defineCommand } from './command';

export const command = defineCommand({
  name: 'schema',
  summary: `regenerate ${PIPELINE_SCHEMA_FILE} (the published JSON Schema) from config/schema.ts`,
  usage: '',
  description: `Writes ${PIPELINE_SCHEMA_FILE}, the JSON Schema editors and DMS_CONFIG files use, from the zod schema
in config/schema.ts. A test fails when the committed file is stale; npm run generate runs this too.`,
  flags: {},
  examples: ['npx dms schema'],
  exitCodes: { 0: 'written (or up to date)' },
  run: () => {
    const file = path.join(projectRoot(), PIPELINE_SCHEMA_FILE);
    const written = writeFileAtomically(file, renderPipelineJsonSchema());
    process.stdout.write(`${written ? 'wrote' : 'up to date:'} ${PIPELINE_SCHEMA_FILE}\n`);
  },
});
