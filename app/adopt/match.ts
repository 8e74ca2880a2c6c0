/**
 * Which resource of a legacy state (format v4) is which resource of a synthesized stack, decided by identity and
 * never by address: first the identifiers AWS knows a resource by (DMS ids, role, group, bucket and log group
 * names); then, from each matched pair, the references between resources (the staging role is the one whose ARN
 * the live target endpoint uses; the policy is the one on that role; a rule is the one on that group with the
 * same port and CIDR). Several candidates are told apart by how many configured values they share; a candidate
 * that stays ambiguous is not matched.
 */
import type { Json } from '../../review/synthesized';

export interface StackResource {
  address: string;
  type: string;
  /** The synthesized arguments: literals, or `${type.name.attribute}` references. */
  config: Json;
}

export interface LegacyResource {
  address: string;
  type: string;
  attributes: Json;
}

export interface Match {
  stack: string;
  legacy: string;
  /** How it was matched, for the table: `endpoint_id = raptor-mssql-src`, `ARN in aws_dms_endpoint.target …`. */
  via: string;
}

export interface MatchResult {
  matches: Match[];
  /** Legacy resources left over, with the reason. */
  unplaced: { legacy: string; reason: string }[];
}

/** Attributes that identify a resource in its account, by type. */
const IDENTITY: Record<string, string> = {
  aws_iam_role: 'name',
  aws_dms_replication_instance: 'replication_instance_id',
  aws_dms_endpoint: 'endpoint_id',
  aws_dms_replication_task: 'replication_task_id',
  aws_dms_replication_config: 'replication_config_identifier',
  aws_dms_replication_subnet_group: 'replication_subnet_group_id',
  aws_dms_event_subscription: 'name',
  aws_security_group: 'name',
  aws_s3_bucket: 'bucket',
  aws_cloudwatch_log_group: 'name',
  aws_cloudwatch_metric_alarm: 'alarm_name',
  aws_cloudwatch_dashboard: 'dashboard_name',
  aws_sns_topic: 'name',
  aws_kms_alias: 'name',
  aws_dynamodb_table: 'name',
};

const REFERENCE = /^\$\{([a-z0-9_]+)\.([a-z0-9_]+)\.([a-z0-9_]+)\}$/;

export function referenceOf(value: unknown): { address: string; attribute: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = REFERENCE.exec(value);
  return match ? { address: `${match[1]}.${match[2]}`, attribute: match[3] } : undefined;
}

interface Leaf {
  path: string;
  configured: unknown;
  live: unknown;
}

/**
 * Configured leaves next to the live value at the same place. Nested blocks are objects in synthesized JSON
 * and one-element lists in state; a list of references (`vpc_security_group_ids`) is compared as a whole.
 */
export function leaves(configured: Json, live: Json, path = ''): Leaf[] {
  if (configured === null || configured === undefined) return [];
  if (Array.isArray(configured)) {
    if (configured.every((item) => typeof item !== 'object')) return [{ path, configured, live }];
    const items = Array.isArray(live) ? live : [];
    return configured.flatMap((item, index) => leaves(item, items[index], `${path}[${index}]`));
  }
  if (typeof configured === 'object') {
    const object = Array.isArray(live) && live.length === 1 ? live[0] : live;
    return Object.entries(configured).flatMap(([key, value]) => leaves(value, object?.[key], path ? `${path}.${key}` : key));
  }
  return [{ path, configured, live }];
}

/** The live value at a configured leaf's path (`redshift_settings[0].bucket_name` style, blocks as lists). */
function liveAt(attributes: Json, path: string): unknown {
  let value = attributes;
  for (const part of path.split('.')) {
    const [, key, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part) ?? [];
    value = Array.isArray(value) && value.length === 1 && !/^\d+$/.test(key) ? value[0] : value;
    value = value?.[key];
    if (index !== undefined) value = Array.isArray(value) ? value[Number(index)] : undefined;
  }
  return value;
}

const holds = (live: unknown, value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && (Array.isArray(live) ? live.includes(value) : live === value);

/** How many configured literals a legacy resource has too; identity names sharing a suffix break ties. */
function similarity(resource: StackResource, candidate: LegacyResource): number {
  let score = 0;
  for (const leaf of leaves(resource.config, candidate.attributes)) {
    if (referenceOf(leaf.configured) || (Array.isArray(leaf.configured) && leaf.configured.some(referenceOf))) continue;
    if (JSON.stringify(leaf.configured) === JSON.stringify(leaf.live)) score += 1;
  }
  const key = IDENTITY[resource.type] ?? 'name';
  const [a, b] = [String(resource.config[key] ?? ''), String(candidate.attributes[key] ?? '')];
  let suffix = 0;
  while (suffix < Math.min(a.length, b.length) && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return score + suffix / 1000;
}

export function matchResources(stack: StackResource[], legacy: LegacyResource[]): MatchResult {
  /** Per stack address: the pair matched and how. */
  const byStack = new Map<string, { resource: StackResource; candidate: LegacyResource; via: string }>();
  const byLegacy = new Map<string, StackResource>();
  const stackByAddress = new Map(stack.map((resource) => [resource.address, resource]));
  const add = (resource: StackResource, candidate: LegacyResource, how: string) => {
    byStack.set(resource.address, { resource, candidate, via: how });
    byLegacy.set(candidate.address, resource);
  };
  const open = (type: string) => legacy.filter((candidate) => candidate.type === type && !byLegacy.has(candidate.address));

  // 1. Identity: the name or identifier AWS knows it by, when the stack writes it literally.
  for (const resource of stack) {
    const key = IDENTITY[resource.type];
    const value = key ? resource.config[key] : undefined;
    if (typeof value !== 'string' || referenceOf(value)) continue;
    const candidates = open(resource.type).filter((candidate) => candidate.attributes[key] === value);
    if (candidates.length === 1) add(resource, candidates[0], `${key} = ${value}`);
  }

  // 2. References, from matched pairs outwards, until nothing new is found.
  for (let round = 0; round < 50; round++) {
    const proposals: { resource: StackResource; candidate: LegacyResource; how: string; score: number }[] = [];
    const propose = (resource: StackResource, candidates: LegacyResource[], how: string) => {
      if (candidates.length === 0) return;
      const scored = candidates
        .map((candidate) => ({ candidate, score: similarity(resource, candidate) }))
        .sort((x, y) => y.score - x.score);
      if (scored.length > 1 && scored[0].score === scored[1].score) return;
      proposals.push({ resource, candidate: scored[0].candidate, how, score: scored[0].score });
    };
    for (const { resource, candidate: matched } of byStack.values()) {
      // Forward: this resource names another by reference; the live one names it by value.
      for (const leaf of leaves(resource.config, matched.attributes)) {
        const references = (Array.isArray(leaf.configured) ? leaf.configured : [leaf.configured]).map(referenceOf);
        for (const reference of references) {
          const target = reference && stackByAddress.get(reference.address);
          if (!reference || !target || byStack.has(target.address)) continue;
          const candidates = open(target.type).filter((candidate) => holds(leaf.live, candidate.attributes[reference.attribute]));
          propose(target, candidates, `${reference.attribute} used by ${matched.address} (${leaf.path})`);
        }
      }
    }
    for (const resource of stack) {
      if (byStack.has(resource.address)) continue;
      // Reverse: this resource refers to a matched one; the live candidate holds that one's value at the same place.
      for (const leaf of leaves(resource.config, {})) {
        const reference =
          referenceOf(leaf.configured) ?? (Array.isArray(leaf.configured) ? leaf.configured.map(referenceOf).find(Boolean) : undefined);
        const matched = reference && byStack.get(reference.address)?.candidate;
        if (!reference || !matched) continue;
        const value = matched.attributes[reference.attribute];
        const candidates = open(resource.type).filter((candidate) => holds(liveAt(candidate.attributes, leaf.path), value));
        propose(resource, candidates, `${leaf.path} = ${reference.attribute} of ${matched.address}`);
      }
    }
    // One legacy resource proposed for several stack resources goes to the most similar one.
    const taken = new Set<string>();
    let added = 0;
    for (const proposal of proposals.sort((x, y) => y.score - x.score)) {
      if (taken.has(proposal.candidate.address) || taken.has(proposal.resource.address) || byStack.has(proposal.resource.address)) continue;
      taken.add(proposal.candidate.address);
      taken.add(proposal.resource.address);
      add(proposal.resource, proposal.candidate, proposal.how);
      added++;
    }
    if (added === 0) break;
  }

  const stackTypes = new Set(stack.map((resource) => resource.type));
  const unplaced = legacy
    .filter((candidate) => !byLegacy.has(candidate.address))
    .map((candidate) => {
      const key = IDENTITY[candidate.type];
      const identity = key ? ` (${key} ${candidate.attributes[key]})` : '';
      const reason = !stackTypes.has(candidate.type)
        ? `the stack has no ${candidate.type}`
        : stack.filter((resource) => resource.type === candidate.type).every((resource) => byStack.has(resource.address))
          ? `every ${candidate.type} of the stack is already matched to another legacy resource`
          : `no ${candidate.type} of the stack has its identity${identity} or a reference to it from a matched resource`;
      return { legacy: candidate.address, reason };
    });
  const matches = [...byStack].map(([address, { candidate, via }]) => ({ stack: address, legacy: candidate.address, via }));
  return { matches: matches.sort((x, y) => (x.stack < y.stack ? -1 : x.stack > y.stack ? 1 : 0)), unplaced };
}

/** The stack's resources from its synthesized JSON (`cdk.tf.json`). */
export function stackResources(tf: Json): StackResource[] {
  return Object.entries<Json>(tf.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries<Json>(byName).map(([name, { '//': _metadata, ...config }]) => ({ address: `${type}.${name}`, type, config })),
  );
}

/** Managed resource instances of a state (format v4), with their full addresses. */
export function legacyResources(state: Json): LegacyResource[] {
  return (state.resources ?? [])
    .filter((resource: Json) => resource.mode === 'managed')
    .flatMap((resource: Json) =>
      (resource.instances ?? []).map((instance: Json) => {
        const key =
          instance.index_key === undefined
            ? ''
            : typeof instance.index_key === 'number'
              ? `[${instance.index_key}]`
              : `[${JSON.stringify(instance.index_key)}]`;
        return {
          address: `${resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}${key}`,
          type: resource.type,
          attributes: instance.attributes ?? {},
        };
      }),
    );
}
