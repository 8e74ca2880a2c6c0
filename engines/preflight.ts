/**
 * `npm run preflight`: live checks of a pipeline's source, by its engine's adapter (engines/registry.ts). An
 * engine without live checks is refused with the reason, never checked as another engine.
 */
import { ValidationFailed } from '../core/errors';
import type { ResolvedPipeline } from '../config/resolved';
import { onSource, onTarget } from './registry';
import type { Finding, FindingStatus, Query } from './sources/findings';
import type { PostgresSource } from './sources/requirements';
import type { SourceAdapter, SourceEngine } from './types';

export type { Finding, Query } from './sources/findings';

type PostgresChecks<E extends SourceEngine> = Extract<SourceAdapter<E>['preflight'], { kind: 'postgres' }>;

/** The adapter's checks over a PostgreSQL connection; an engine without them is refused with its reason. */
function postgresChecks<E extends SourceEngine>(adapter: SourceAdapter<E>, stack: string): PostgresChecks<E> {
  const { preflight } = adapter;
  if (preflight.kind === 'unsupported') throw new ValidationFailed([{ path: stack, message: preflight.reason(stack) }]);
  return preflight;
}

/** The source as the PostgreSQL connection of the preflight sees it; other engines are refused. */
export function postgresSourceOf(pipeline: ResolvedPipeline): PostgresSource {
  return onSource(pipeline.source, (adapter, source) => postgresChecks(adapter, pipeline.name).source(source));
}

/** The source's live checks over a PostgreSQL connection (`query`). */
export async function postgresPreflight(pipeline: ResolvedPipeline, query: Query): Promise<Finding[]> {
  const keyedFrom = (table: string) => onTarget(pipeline.target, (adapter, target) => adapter.keyedFrom(target, table));
  return onSource(pipeline.source, (adapter, source) => postgresChecks(adapter, pipeline.name).run(pipeline, source, query, keyedFrom));
}

const LABEL: Record<FindingStatus, string> = { pass: 'PASS', fail: 'FAIL', 'n/a': 'N/A ', skipped: 'SKIP' };

/** One line per finding, the fix indented under a failure, then the counts. */
export function formatFindings(findings: Finding[]): string {
  const lines = findings.flatMap((finding) => [
    `${LABEL[finding.status]}  ${finding.check}: ${finding.detail}`,
    ...(finding.fix ? [`      fix: ${finding.fix}`] : []),
  ]);
  const count = (status: FindingStatus) => findings.filter((f) => f.status === status).length;
  const counts = [`${count('fail')} failed`, `${count('pass')} passed`];
  if (count('n/a') > 0) counts.push(`${count('n/a')} not applicable`);
  if (count('skipped') > 0) counts.push(`${count('skipped')} skipped`);
  return `${lines.join('\n')}\n\n${counts.join(', ')}.\n`;
}
