/**
 * The engines this project supports, one adapter each. The tables are typed by the engine names of the
 * pipeline schema (config/schema.ts): an engine added there fails to compile here until its adapter is listed,
 * and the compiler names every function it must provide (engines/types.ts). Callers reach an adapter only
 * through `onSource` / `onTarget`, which hand it the spec variant it is typed on. What a target builds into a
 * stack is registered the same way in engines/builders.ts, which only the stack imports.
 */
import type { TargetSpec } from '../config/schema';
import { postgresSource } from './sources/postgres';
import { sqlServerSource } from './sources/sqlserver';
import { dynamoDbTarget } from './targets/dynamodb';
import { redshiftServerlessTarget } from './targets/redshift-serverless';
import type { SourceAdapter, SourceEngine, SourceOf, SourceSpec, TargetAdapter, TargetEngine, TargetOf } from './types';

export type SourceRegistry = { readonly [E in SourceEngine]: SourceAdapter<E> };
export type TargetRegistry = { readonly [E in TargetEngine]: TargetAdapter<E> };

export const SOURCE_ENGINES = {
  sqlserver: sqlServerSource,
  postgres: postgresSource({ runsPrereqs: 'a superuser (RDS: the master user)', selfManaged: true }),
  'aurora-postgresql': postgresSource({ runsPrereqs: 'the master user (rds_superuser)', selfManaged: false }),
} satisfies SourceRegistry;

export const TARGET_ENGINES = {
  'redshift-serverless': redshiftServerlessTarget,
  dynamodb: dynamoDbTarget,
} satisfies TargetRegistry;

/** `use` called with the source's adapter and the source as that adapter's variant. */
export function onSource<R>(
  source: SourceSpec,
  use: <E extends SourceEngine>(adapter: SourceAdapter<E>, source: SourceOf<E>) => R,
  registry: SourceRegistry = SOURCE_ENGINES,
): R {
  const dispatch = <E extends SourceEngine>(engine: E, spec: SourceOf<E>): R => {
    assertListed(registry, engine, 'adapter for source engine', 'engines/registry.ts');
    return use(registry[engine], spec);
  };
  return dispatch(source.engine, source);
}

/** `use` called with the target's adapter and the target as that adapter's variant. */
export function onTarget<R>(
  target: TargetSpec,
  use: <E extends TargetEngine>(adapter: TargetAdapter<E>, target: TargetOf<E>) => R,
  registry: TargetRegistry = TARGET_ENGINES,
): R {
  const dispatch = <E extends TargetEngine>(engine: E, spec: TargetOf<E>): R => {
    assertListed(registry, engine, 'adapter for target engine', 'engines/registry.ts');
    return use(registry[engine], spec);
  };
  return dispatch(target.engine, target);
}

/** Fails closed on a spec that bypassed validation (`no <what> <engine> (<where>)`): never another engine's behaviour. */
export function assertListed(table: object, engine: string, what: string, where: string): void {
  if (!Object.hasOwn(table, engine)) throw new Error(`no ${what} ${engine} (${where})`);
}
