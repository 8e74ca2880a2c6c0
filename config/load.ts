/**
 * The active config: the TypeScript default in `config/default.ts`, or a JSON file (for CI and Terraform Cloud
 * variable sets) named by the caller, usually from `DMS_CONFIG`. Both go through the same schema.
 */
import { parseJsonText } from '../core/json-text';
import { ValidationFailed, fromZodIssues } from '../core/errors';
import { readInputFile } from '../core/input-file';
import { defaultConfig } from './default';
import { configSchema, type PipelineConfig } from './schema';

/** Validate any config value; every problem is reported, each as `path: message`. */
export function parseConfig(value: unknown): PipelineConfig {
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationFailed(fromZodIssues(result.error.issues));
  return result.data;
}

/**
 * A JSON config: a regular file of bounded size, valid UTF-8 and JSON, no key written twice (a second
 * `environment` would silently move the stack to another state key), then the schema.
 */
export function loadConfigFile(file: string): PipelineConfig {
  const input = readInputFile(file);
  if (input.problem !== undefined) throw new ValidationFailed([{ path: 'DMS_CONFIG', message: `${file} ${input.problem}` }]);
  const { value, issues } = parseJsonText(input.text);
  if (value === undefined) throw new ValidationFailed(issues.map((issue) => (issue.path ? issue : { path: file, message: issue.message })));
  if (issues.length > 0) {
    // Duplicate keys and out-of-range numbers, together with whatever the schema finds.
    let schemaIssues: ValidationFailed['issues'] = [];
    try {
      parseConfig(value);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      schemaIssues = error.issues.filter((issue) => !issues.some((i) => i.path === issue.path));
    }
    throw new ValidationFailed([...issues, ...schemaIssues]);
  }
  return parseConfig(value);
}

/** `configFile` set: that JSON file; otherwise the TypeScript default. */
export function loadActiveConfig(configFile: string | undefined): PipelineConfig {
  return configFile ? loadConfigFile(configFile) : parseConfig(defaultConfig);
}
