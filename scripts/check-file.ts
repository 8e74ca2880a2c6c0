/**
 * What `npm run check` does with one file, by what the file holds: a pipeline config (validated and resolved
 * exactly as synth does), a table-mapping document, or a task-settings document.
 */
import * as fs from 'node:fs';
import { ValidationFailed, type ValidationIssue, fromZodIssues } from '../config/errors';
import { parseConfig } from '../config/load';
import { mappingsDir } from '../config/paths';
import type { TargetEngine } from '../mappings/engines';
import { resolvePipelines } from '../mappings/resolve';
import { parseTableMappings, renderTableMappingsFile } from '../mappings/table-mappings';
import { type TaskSettingsContext, taskSettingsSchema, validateTaskSettings } from '../mappings/task-settings';

export type DocumentKind = 'config' | 'mappings' | 'settings';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['config', 'mappings', 'settings'];

export interface CheckOptions {
  /** What the file holds. Default: a config if it has `pipelines`, table mappings if it has `rules`, else settings. */
  kind?: DocumentKind;
  /** Target engine for target-dependent rules in mapping and settings files. */
  target?: TargetEngine;
  migrationType?: TaskSettingsContext['migrationType'];
  /** Rewrite valid table-mapping files in canonical form. */
  write: boolean;
}

/** Problems in one file, by what the file holds: a pipeline config, a table-mapping document, or task settings. */
export function checkFile(file: string, options: CheckOptions): { issues: ValidationIssue[]; note?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { issues: [{ path: '', message: 'cannot be read' }] };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { issues: [{ path: '', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const fields = typeof document === 'object' && document !== null && !Array.isArray(document) ? Object.keys(document) : [];
  const kind = options.kind ?? (fields.includes('pipelines') ? 'config' : fields.includes('rules') ? 'mappings' : 'settings');
  if (kind === 'config') {
    try {
      resolvePipelines(parseConfig(document), mappingsDir());
      return { issues: [] };
    } catch (error) {
      if (error instanceof ValidationFailed) return { issues: error.issues };
      throw error;
    }
  }
  if (kind === 'mappings') {
    const { mappings, issues } = parseTableMappings(text, { target: options.target });
    if (!mappings) return { issues };
    const canonical = renderTableMappingsFile(mappings);
    if (canonical === text) return { issues };
    if (options.write) {
      fs.writeFileSync(file, canonical);
      return { issues, note: 'rewritten in canonical form' };
    }
    return { issues, note: 'valid, not in canonical form (--write rewrites it)' };
  }
  const parsed = taskSettingsSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) return { issues: fromZodIssues(parsed.error.issues) };
  return { issues: validateTaskSettings(parsed.data, options) };
}

