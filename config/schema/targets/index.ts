/** The target section: one file per engine, and the table of what each engine's section means. */
import { z } from 'zod';
import { dynamodbSection, dynamodbTarget } from './dynamodb';
import { redshiftServerlessSection, redshiftServerlessTarget } from './redshift-serverless';
import type { Ctx } from '../refine';
import type { SourceTableSpec } from '../source';
import type { TargetSection } from './section';

export const target = z.discriminatedUnion('engine', [redshiftServerlessTarget, dynamodbTarget], {
  error: 'engine must be one of redshift-serverless, dynamodb',
});

export type TargetSpec = z.infer<typeof target>;
/** The target engines a pipeline spec accepts (a subset of mappings/target-capabilities' DMS engine names). */
type TargetSpecEngine = TargetSpec['engine'];
type TargetOf<E extends TargetSpecEngine> = Extract<TargetSpec, { engine: E }>;
type TargetSections = { [E in TargetSpecEngine]: TargetSection<TargetOf<E>> };

/** Every engine's facts: the compiler lists what a new target engine's section must state. */
const TARGET_SECTIONS = {
  'redshift-serverless': redshiftServerlessSection,
  dynamodb: dynamodbSection,
} satisfies TargetSections;

/** A validated target's section facts, those that read the target applied to it. */
export interface TargetSectionOf extends Omit<TargetSection<never>, 'port' | 'check'> {
  port: number | undefined;
  check(sourceTables: readonly SourceTableSpec[], ctx: Ctx): void;
}

export function sectionOf<E extends TargetSpecEngine>(target: TargetOf<E> & { engine: E }): TargetSectionOf {
  const sections: TargetSections = TARGET_SECTIONS;
  const section: TargetSections[E] = sections[target.engine];
  return {
    ...section,
    port: section.port(target),
    check: (sourceTables, ctx) => section.check?.(target, sourceTables, ctx),
  };
}

/** The section facts of an engine named in input that may not have passed validation. */
export function sectionOfEngine(engine: unknown): TargetSections[TargetSpecEngine] | undefined {
  return isTargetSpecEngine(engine) ? TARGET_SECTIONS[engine] : undefined;
}

function isTargetSpecEngine(value: unknown): value is TargetSpecEngine {
  return typeof value === 'string' && Object.hasOwn(TARGET_SECTIONS, value);
}

/** Engines whose sections derive table mappings, as messages name them. */
export const DERIVING_LABELS = Object.values(TARGET_SECTIONS)
  .filter((section) => section.derivesMappings)
  .map((section) => section.label);
