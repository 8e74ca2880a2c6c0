/**
 * Review section "Target names": per task of a synthesized stack, each selected source table and column with
 * the name the task's table mappings give it on the target (mappings/transform-preview.ts). The mappings come
 * from the synthesized JSON (what would be deployed); the columns from the active config's `source.tables`
 * (which includes `config/discovered/<stack>.json` when `npm run discover` wrote one).
 */
import type { ResolvedPipeline } from '../config/resolved';
import type { TableMappings } from '../mappings/table-mappings';
import { type KnownTable, type TargetPreview, previewTargetNames } from '../mappings/transform-preview';
import { type SynthesizedStack, embeddedJson, resourcesOfType } from './synthesized';

export interface TaskTargetPreview {
  task: string;
  preview: TargetPreview;
}

export interface StackTargetPreview {
  stack: string;
  /** Whether columns came from the active config (false: reviewing a stack the config does not have). */
  columnsKnown: boolean;
  tasks: TaskTargetPreview[];
}

function knownTablesOf(pipeline: Pick<ResolvedPipeline, 'source'> | undefined): KnownTable[] {
  return (pipeline?.source.tables ?? []).map((t) => ({
    schema: t.schema,
    name: t.name,
    columns: Object.keys(t.columns),
    primaryKey: t.primaryKey,
  }));
}

export function stackTargetPreview(stack: SynthesizedStack, pipeline: Pick<ResolvedPipeline, 'source'> | undefined): StackTargetPreview {
  const known = knownTablesOf(pipeline);
  const tasks = [...resourcesOfType(stack.tf, 'aws_dms_replication_task'), ...resourcesOfType(stack.tf, 'aws_dms_replication_config')].map(
    ({ body }) => {
      const document = embeddedJson(body.table_mappings) as TableMappings | undefined;
      const id = String(body.replication_task_id ?? body.replication_config_identifier);
      return { task: id, preview: document?.rules ? previewTargetNames(document, known) : { tables: [], unresolved: [] } };
    },
  );
  return { stack: stack.name, columnsKnown: known.length > 0, tasks };
}

const code = (value: string) => `\`${value}\``;
const cell = (value: string) => value.replace(/\|/g, '\\|');

export function targetPreviewMarkdown(previews: StackTargetPreview[]): string {
  return previews
    .map((s) => {
      const lines = [`## Target names: ${code(s.stack)}`];
      for (const { task, preview } of s.tasks) {
        lines.push('', `### Task ${code(task)}`, '');
        if (preview.tables.length === 0 && preview.unresolved.length === 0) {
          lines.push('Selects nothing.');
          continue;
        }
        lines.push('| source | target | rules | columns (source → target) |', '| --- | --- | --- | --- |');
        for (const t of preview.tables) {
          const source = `${t.source.schema}.${t.source.table}`;
          const columns =
            t.columns === undefined
              ? 'not known: list the table in source.tables or run npm run discover'
              : t.columns
                  .map((c) =>
                    c.source === undefined
                      ? `+ ${c.target}`
                      : c.target === undefined
                        ? `~~${c.source}~~ (removed)`
                        : c.source === c.target
                          ? c.source
                          : `${c.source} → ${c.target}`,
                  )
                  .join(', ');
          lines.push(
            `| ${cell(source)}${t.unknownSource ? ' (**not in source.tables**)' : ''} | ${cell(t.target.schema ? `${t.target.schema}.${t.target.table}` : t.target.table)} | ${[...t.selectedBy.map((r) => `${r} include`), ...t.rules].join(', ')} | ${cell(columns)} |`,
          );
        }
        for (const u of preview.unresolved)
          lines.push(
            `| ${cell(`${u.schema}.${u.table}`)} (pattern, rule ${u.rule}) | resolved by DMS at task start | | list the tables in source.tables or run npm run discover |`,
          );
        const problems = preview.tables.flatMap((t) => t.problems);
        if (problems.length > 0) lines.push('', ...problems.map((p) => `- **${p}**`));
      }
      return lines.join('\n');
    })
    .join('\n\n');
}
