/**
 * Names AWS requires unique, checked across the pipelines of one config: two stacks that both create task
 * `x` in one account and Region both plan fine and the second fails at apply (DMS: "identifiers must be
 * unique per account and Region"; S3 bucket names are global). Also limits on names the stack derives.
 */
import type { z } from 'zod';
import { firstUses } from '../core/duplicates';
import { valueAt } from '../core/value-at';
import { type NamedResource, resourceNames } from './naming';

type Ctx = z.RefinementCtx;
type PipelineLike = Parameters<typeof resourceNames>[0] & { accountId?: unknown; region?: unknown };

/** CloudWatch PutMetricAlarm: AlarmName "Length Constraints: Minimum length of 1. Maximum length of 255." */
const MAX_ALARM_NAME_LENGTH = 255;

const where = (index: number, from: (string | number)[]) =>
  `pipelines[${index}]${from.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;

/** A name used by a second pipeline in the same scope: reported at the second use, naming the first. */
export function checkAccountScopedNames(pipelines: readonly PipelineLike[], ctx: Ctx): void {
  const firstUse = firstUses<string, { index: number; resource: NamedResource }>();
  const reported = new Set<string>();
  pipelines.forEach((pipeline, index) => {
    for (const resource of resourceNames(pipeline)) {
      const scope =
        resource.scope === 'global'
          ? 'global'
          : resource.scope === 'account'
            ? `${String(pipeline.accountId)}`
            : `${String(pipeline.accountId)}/${String(pipeline.region)}`;
      const key = `${resource.kind}\u0000${scope}\u0000${resource.name}`;
      const first = firstUse(key, { index, resource });
      if (!first) continue;
      // Within one pipeline the pipeline's own checks report repeats; a derived name repeats only when its
      // field does, which is reported once, at the field.
      if (first.index === index) continue;
      const path = where(index, resource.from);
      if (reported.has(path)) continue;
      reported.add(path);
      const place =
        resource.scope === 'global'
          ? 'S3 bucket names are global'
          : resource.scope === 'account'
            ? `in account ${String(pipeline.accountId)}`
            : `in account ${String(pipeline.accountId)}, Region ${String(pipeline.region)}`;
      const message = resource.derived
        ? `gives ${resource.kind} "${resource.name}", which ${where(first.index, first.resource.from)} also gives ${place}; AWS requires it unique`
        : `${resource.kind} "${resource.name}" is already used by ${where(first.index, first.resource.from)} ${resource.scope === 'global' ? `(${place})` : place}; AWS requires it unique${resource.scope === 'global' ? '' : ' per account and Region'}`;
      ctx.addIssue({ code: 'custom', path: ['pipelines', index, ...resource.from], message });
    }
  });
}

/** Derived names within their services' limits (alarm names from long task ids). */
export function checkDerivedNameLengths(pipeline: PipelineLike, ctx: Ctx): void {
  const longest = new Map<string, NamedResource>();
  for (const resource of resourceNames(pipeline)) {
    if (resource.kind !== 'CloudWatch alarm') continue;
    const key = resource.from.join('.');
    const current = longest.get(key);
    if (!current || resource.name.length > current.name.length) longest.set(key, resource);
  }
  for (const resource of longest.values()) {
    if (resource.name.length <= MAX_ALARM_NAME_LENGTH) continue;
    const suffix = resource.name.slice(String(valueAt(pipeline, resource.from)).length);
    ctx.addIssue({
      code: 'custom',
      path: resource.from,
      message: `gives the CloudWatch alarm name <id>${suffix} of ${resource.name.length} characters; CloudWatch allows at most ${MAX_ALARM_NAME_LENGTH}: shorten it by ${resource.name.length - MAX_ALARM_NAME_LENGTH}`,
    });
  }
}
