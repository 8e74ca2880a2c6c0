/**
 * With the real tables known (config/discovered/<stack>.json), the mappings are checked against them: every
 * selection rule selects a table, every transformation, table-settings and object-mapping rule matches a
 * selected table (and an exact column name a column); then the target's own checks (DynamoDB:
 * engines/targets/dynamodb/discovered.ts).
 */
import type { Discovered } from '../../config/discovered';
import type { ValidationIssue } from '../../core/errors';
import { formatPath } from '../../core/errors';
import type { ResolvedPipeline } from '../../config/resolved';
import { onTarget } from '../../engines/registry';
import type { Rule } from '../../mappings/rules/types';
import { selectedTables } from '../../mappings/transform-preview';
import { hasWildcard, wildcardMatches } from '../../mappings/wildcards';

export function checkAgainstDiscovered(pipeline: ResolvedPipeline, discovered: Discovered, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const known = discovered.tables.map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.map((c) => c.name) }));
  const where = `${discovered.source.database} (${file})`;

  pipeline.tasks.forEach((task, taskIndex) => {
    const origin =
      task.tableMappings === 'derived'
        ? `${formatPath(['pipelines', pipeline.index, 'tasks', taskIndex, 'tableMappings'])} (derived)`
        : `mappings/${task.tableMappings}`;
    const rules = task.tableMappingsDocument.rules;
    const selected = selectedTables(task.tableMappingsDocument, known).tables.filter((t) => !t.unknownSource);
    const at = (rule: Rule, index: number, message: string) =>
      issues.push({ path: `${origin}: rules[${index}] (${rule['rule-name']})`, message });
    const tablesMatching = (rule: Rule) => {
      const locator = rule['object-locator'];
      return selected.filter(
        (t) => wildcardMatches(locator['schema-name'], t.schema) && wildcardMatches(locator['table-name'] ?? '%', t.name),
      );
    };
    const describe = (rule: Rule) => `${rule['object-locator']['schema-name']}.${rule['object-locator']['table-name'] ?? '%'}`;

    rules.forEach((rule, index) => {
      if (rule['rule-type'] === 'selection') {
        if (rule['rule-action'] === 'exclude' || rule['object-locator']['table-type'] === 'view') return;
        const single = { rules: [rule] };
        if (selectedTables(single, known).tables.every((t) => t.unknownSource))
          at(rule, index, `selects ${describe(rule)}, which matches no table in ${where}`);
        return;
      }
      if (rule['rule-type'] === 'transformation') {
        if (rule['rule-target'] === 'table-tablespace' || rule['rule-target'] === 'index-tablespace') return;
        if (rule['rule-target'] === 'schema') {
          if (!selected.some((t) => wildcardMatches(rule['object-locator']['schema-name'], t.schema)))
            at(rule, index, `transforms schema ${rule['object-locator']['schema-name']}, which no selected table of ${where} is in`);
          return;
        }
        const tables = tablesMatching(rule);
        if (tables.length === 0) {
          at(rule, index, `transforms ${describe(rule)}, which matches no selected table of ${where}`);
          return;
        }
        const column = rule['object-locator']['column-name'];
        if (rule['rule-target'] === 'column' && column !== undefined && !hasWildcard(column) && rule['rule-action'] !== 'add-column') {
          const name = column.replace(/\[_\]/g, '_');
          const lacking = tables.filter((t) => !t.columns?.includes(name));
          if (lacking.length === tables.length)
            at(
              rule,
              index,
              `names column ${name}, which ${tables.map((t) => `${t.schema}.${t.name}`).join(', ')} ${tables.length === 1 ? 'does' : 'do'} not have in ${where}`,
            );
        }
        return;
      }
      if ((rule['rule-type'] === 'table-settings' || rule['rule-type'] === 'object-mapping') && tablesMatching(rule).length === 0) {
        at(rule, index, `applies to ${describe(rule)}, which matches no selected table of ${where}`);
      }
    });

    issues.push(
      ...onTarget(pipeline.target, (adapter, target) => adapter.checkDiscovered(pipeline, target, rules, discovered, origin, where)),
    );
  });
  return issues;
}
