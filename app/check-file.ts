/**
 * What `npm run check` does with one file, by what the file holds: a pipeline config (validated and resolved
 * exactly as synth does), a table-mapping document, or a task-settings document.
 */
import { ValidationFailed, type ValidationIssue, fromZodIssues } from '../core/errors';
import { MAX_INPUT_BYTES, readInputFile } from '../core/input-file';
import { writeFileAtomically } from '../core/output-file';
import { parseConfig } from '../config/load';
import type { TargetEngine } from '../mappings/target-capabilities';
import { parseJsonText } from '../core/json-text';
import { activeMappingsDir } from './pipelines';
import { resolvePipelinesReport } from './resolve';
import { MAX_TABLE_MAPPINGS_FILE_BYTES, parseTableMappings, renderTableMappingsFile } from '../mappings/table-mappings';
import { type TaskSettingsContext, normalizeTaskSettings, taskSettingsSchema, validateTaskSettings } from '../mappings/task-settings';

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

/**
 * Problems in one file, by what the file holds: a pipeline config, a table-mapping document, or task settings.
 * Warnings (severity `warning`) come after the errors.
 */
export function checkFile(file: string, options: CheckOptions): { issues: ValidationIssue[]; note?: string } {
  // Mapping files may be up to DMS's 2 MB compact plus indentation; configs and settings are far smaller.
  const input = readInputFile(
    file,
    options.kind === 'mappings' || options.kind === undefined ? MAX_TABLE_MAPPINGS_FILE_BYTES : MAX_INPUT_BYTES,
  );
  if (input.problem !== undefined) return { issues: [{ path: '', message: input.problem }] };
  const text = input.text;
  // What the file holds, from the native parser (fast); the scan for duplicate keys and the exact syntax
  // error comes after, and a mapping file's parser refuses an oversized one before scanning it.
  let kind = options.kind;
  if (!kind) {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return { issues: parseJsonText(text).issues };
    }
    const fields = typeof document === 'object' && document !== null && !Array.isArray(document) ? Object.keys(document) : [];
    kind = fields.includes('pipelines') ? 'config' : fields.includes('rules') ? 'mappings' : 'settings';
  }
  if (kind === 'mappings') {
    const { mappings, issues } = parseTableMappings(text, { target: options.target });
    if (!mappings) return { issues };
    const canonical = renderTableMappingsFile(mappings);
    if (canonical === text) return { issues };
    if (options.write) {
      writeFileAtomically(file, canonical);
      return { issues, note: 'rewritten in canonical form' };
    }
    return { issues, note: 'valid, not in canonical form (--write rewrites it)' };
  }
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES)
    return { issues: [{ path: '', message: `is more than ${MAX_INPUT_BYTES} bytes; at most ${MAX_INPUT_BYTES} bytes are accepted` }] };
  const parsed = parseJsonText(text);
  if (parsed.value === undefined) return { issues: parsed.issues };
  const document = parsed.value;
  // Duplicate keys and out-of-range numbers; the schema's message for the same path would only repeat them.
  const textIssues = parsed.issues;
  const fresh = (issues: ValidationIssue[]) => [...textIssues, ...issues.filter((issue) => !textIssues.some((t) => t.path === issue.path))];
  if (kind === 'config') {
    try {
      const { warnings } = resolvePipelinesReport(parseConfig(document), activeMappingsDir());
      return { issues: fresh(warnings) };
    } catch (error) {
      if (error instanceof ValidationFailed) return { issues: fresh(error.issues) };
      throw error;
    }
  }
  const result = taskSettingsSchema.safeParse(document, { reportInput: true });
  if (!result.success) {
    // Warnings too: the document's shape is known well enough to name what would be ignored.
    const { warnings } =
      typeof document === 'object' && document !== null && !Array.isArray(document)
        ? normalizeTaskSettings(document as never, options)
        : { warnings: [] };
    const errors = fromZodIssues(result.error.issues);
    return { issues: fresh([...errors, ...warnings.filter((w) => !errors.some((e) => e.path === w.path))]) };
  }
  const normalized = normalizeTaskSettings(result.data, options);
  return { issues: fresh([...validateTaskSettings(normalized.settings, options), ...normalized.warnings]) };
}
