/**
 * `npm run review -- --sample-items`: for each pipeline whose target writes items (DynamoDB), the items its
 * object mappings would write for sample source rows, and which indexes each lands in. The target's adapter
 * builds them (engines/targets/dynamodb/sample-items.ts); other targets have none.
 */
import type { ResolvedPipeline } from '../config/resolved';
import { onTarget } from '../engines/registry';
import type { SampleTable } from '../engines/targets/sample-items';

export type { SampleTable } from '../engines/targets/sample-items';

/** Sample items of every object-mapping rule of every pipeline, in config order. */
export function sampleItems(pipelines: readonly ResolvedPipeline[]): SampleTable[] {
  return pipelines.flatMap((pipeline) => onTarget(pipeline.target, (adapter, target) => adapter.sampleItems(pipeline, target)));
}
