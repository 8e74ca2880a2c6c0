/**
 * What a target section means to the checks across sections and to resource naming: one entry per engine in
 * TARGET_SECTIONS (targets/index.ts), so a new target engine's section states each fact here instead of
 * adding a branch to every check. Behaviour (endpoint settings, IAM, outputs) lives in engines/.
 */
import type { Ctx } from '../refine';
import type { SourceTableSpec } from '../source';

/** A name the stack gives an AWS resource from the target section (see config/naming.ts). */
export interface TargetResourceName {
  kind: string;
  scope: 'global' | 'region';
  name: unknown;
  /** The field it comes from, relative to the pipeline. */
  from: (string | number)[];
}

/** The target section before validation (resource names are collected from configs that failed it too). */
export interface UnvalidatedTarget {
  engine?: unknown;
  endpointId?: unknown;
  stagingBucket?: { name?: unknown };
  tables?: { name?: unknown; managed?: unknown }[];
}

export interface TargetSection<T> {
  /** The engine as messages name it: "a DynamoDB target". */
  label: string;
  /** The port DMS connects to, when the spec says (a port read from remote state is unknown until plan). */
  port(target: T): number | undefined;
  /**
   * What `network.egress.targetCidrs` must list when this stack runs replication; undefined: the target is
   * reached over HTTPS (its VPC endpoints) only.
   */
  targetNetwork: string | undefined;
  /**
   * VPC endpoints the target needs, each with why, besides Secrets Manager, which every pipeline needs (AWS DMS
   * user guide, "Configuring VPC endpoints for AWS DMS").
   */
  vpcEndpoints: { s3?: string; dynamodb?: string };
  /** `tableMappings: derived` is built from this section's definitions. */
  derivesMappings: boolean;
  /** Checks within the section that also read the source tables; run when target and source are valid. */
  check?(target: T, sourceTables: readonly SourceTableSpec[], ctx: Ctx): void;
  /** Names of AWS resources made from this section; reads defensively (fields may have failed validation). */
  resourceNames(target: UnvalidatedTarget): TargetResourceName[];
}
