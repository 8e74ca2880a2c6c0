/**
 * The active config: the TypeScript default in `config/default.ts`, or a JSON file (for CI and Terraform Cloud
 * variable sets) named by the caller, usually from `DMS_CONFIG`. Both go through the same schema.
 */
import * as fs from 'node:fs';
import { ValidationFailed, fromZodIssues } from './errors';
import { defaultConfig } from './default';
import { configSchema, type PipelineConfig } from './schema';

/** Validate any config value; every problem is reported, each as `path: message`. */
export function parseConfig(value: unknown): PipelineConfig {
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationFailed(fromZodIssues(result.error.issues));
  return result.data;
}

export function loadConfigFile(file: string): PipelineConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ValidationFailed([{ path: 'DMS_CONFIG', message: `cannot read ${file}` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationFailed([{ path: file, message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  return parseConfig(value);
}

/** `configFile` set: that JSON file; otherwise the TypeScript default. */
export function loadActiveConfig(configFile: string | undefined): PipelineConfig {
  return configFile ? loadConfigFile(configFile) : parseConfig(defaultConfig);
}
