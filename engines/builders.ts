/**
 * What each target engine builds into a stack (engines/targets/<engine>/build.ts), typed like the adapters of
 * engines/registry.ts: an engine added to the schema fails to compile here until its builder is listed. A table
 * of its own because builders make constructs: config, mappings, review and the commands consult the adapters
 * and never load cdktf; only the stack imports this file.
 */
import type { TargetSpec } from '../config/schema';
import { assertListed } from './registry';
import { buildDynamoDbTarget } from './targets/dynamodb/build';
import { buildRedshiftTarget } from './targets/redshift-serverless/build';
import type { TargetBuilder, TargetEngine, TargetOf, TargetParts, TargetScope } from './types';

export type TargetBuilders = { readonly [E in TargetEngine]: TargetBuilder<E> };

export const TARGET_BUILDERS = {
  'redshift-serverless': buildRedshiftTarget,
  dynamodb: buildDynamoDbTarget,
} satisfies TargetBuilders;

/** The target's resources, endpoint, egress and outputs, built by the builder of its own engine. */
export function buildTarget(target: TargetSpec, stack: TargetScope, builders: TargetBuilders = TARGET_BUILDERS): TargetParts {
  const dispatch = <E extends TargetEngine>(engine: E, spec: TargetOf<E>): TargetParts => {
    assertListed(builders, engine, 'builder for target engine', 'engines/builders.ts');
    return builders[engine](spec, stack);
  };
  return dispatch(target.engine, target);
}
