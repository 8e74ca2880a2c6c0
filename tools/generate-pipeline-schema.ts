/** `npm run schema`: regenerate config/pipeline.schema.json from config/schema.ts. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PIPELINE_SCHEMA_FILE, renderPipelineJsonSchema } from '../config/json-schema';
import { projectRoot } from '../core/paths';
import { runCommand } from '../app/run-command';

runCommand(() => {
  const file = path.join(projectRoot(), PIPELINE_SCHEMA_FILE);
  fs.writeFileSync(file, renderPipelineJsonSchema());
  process.stdout.write(`wrote ${PIPELINE_SCHEMA_FILE}\n`);
});
