/**
 * Review sections kept out of cli/review.ts (which other work edits): target names per task with the
 * validation files' freshness, and the monthly cost estimate per stack with its delta against `--base`. They
 * read the synthesized tree; target names and validation also use the active config (source tables).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../core/paths';
import type { ResolvedPipeline } from '../config/resolved';
import { generateValidation } from '../engines/validation';
import { generateRunbook } from './runbook';
import { type CostDelta, type StackCost, costDelta, costMarkdown, estimateStack } from './cost';
import type { SynthesizedStack } from './synthesized';
import { type StackTargetPreview, stackTargetPreview, targetPreviewMarkdown } from './target-preview';

export interface ExtraReview {
  json: {
    targetNames: StackTargetPreview[];
    validation: Record<string, string[]>;
    runbooks: Record<string, string>;
    cost: StackCost[];
    costDelta?: CostDelta[];
  };
  markdown: string[];
}

/** Whether `validation/<stack>.*` (npm run prereqs) are generated and match the active config. */
export function validationStatus(stack: string, pipeline: ResolvedPipeline | undefined, root = projectRoot()): string[] {
  if (!pipeline) return [`validation/${stack}.sql (not compared: the stack is not in the active config)`];
  return generateValidation(pipeline).map(({ file, text }) => {
    const absolute = path.join(root, file);
    if (!fs.existsSync(absolute)) return `**${file} not generated**: run npm run prereqs -- ${stack}`;
    return fs.readFileSync(absolute, 'utf8') === text ? `${file}, up to date` : `**${file} is stale**: run npm run prereqs -- ${stack}`;
  });
}

/** Whether `runbooks/<stack>.md` (npm run runbook) matches what this synthesized stack and the config give. */
export function runbookStatus(stack: SynthesizedStack, pipeline: ResolvedPipeline | undefined, root = projectRoot()): string {
  const file = `runbooks/${stack.name}.md`;
  if (!pipeline) return `${file} (not compared: the stack is not in the active config)`;
  const absolute = path.join(root, file);
  if (!fs.existsSync(absolute)) return `**${file} not generated**: run npm run runbook -- ${stack.name}`;
  return fs.readFileSync(absolute, 'utf8') === generateRunbook(stack, pipeline).markdown
    ? `${file}, up to date`
    : `**${file} is stale**: run npm run runbook -- ${stack.name}`;
}

export function extraReview(
  current: SynthesizedStack[],
  base: SynthesizedStack[] | undefined,
  pipelines: readonly ResolvedPipeline[],
): ExtraReview {
  const pipelineOf = (stack: SynthesizedStack) => pipelines.find((p) => p.name === stack.name);
  const targetNames = current.map((stack) => stackTargetPreview(stack, pipelineOf(stack)));
  const validation = Object.fromEntries(current.map((stack) => [stack.name, validationStatus(stack.name, pipelineOf(stack))]));
  const runbooks = Object.fromEntries(current.map((stack) => [stack.name, runbookStatus(stack, pipelineOf(stack))]));
  const names = targetNames.map(
    (preview) =>
      `${targetPreviewMarkdown([preview])}\n\n- Validation queries: ${validation[preview.stack].join('; ')}\n- Runbook: ${runbooks[preview.stack]}`,
  );
  const cost = current.map((stack) => estimateStack(stack));
  const delta = base
    ? costDelta(
        base.map((stack) => estimateStack(stack)),
        cost,
      )
    : undefined;
  return {
    json: { targetNames, validation, runbooks, cost, ...(delta ? { costDelta: delta } : {}) },
    markdown: [names.join('\n\n'), costMarkdown(cost, delta)],
  };
}
