/**
 * What changed between two synthesized trees: stacks, resources and their attributes, and table mappings rule
 * by rule. Attribute-level comparison uses microdiff; JSON held in string attributes (policies, task settings)
 * is compared as JSON, so a one-action policy change is one line, not a whole new string.
 */
import diff from 'microdiff';
import { describeRule } from './summary';
import { type Json, type SynthesizedStack, embeddedJson, resourcesOf } from './synthesized';

export interface AttributeChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface RuleChanges {
  task: string;
  added: string[];
  removed: string[];
  changed: { rule: string; changes: AttributeChange[] }[];
}

export interface StackDiff {
  stack: string;
  resourcesAdded: string[];
  resourcesRemoved: string[];
  resourcesChanged: { address: string; changes: AttributeChange[] }[];
  mappings: RuleChanges[];
  /** Backend, provider, outputs, moved and import blocks. */
  otherChanges: AttributeChange[];
}

export interface TreeDiff {
  stacksAdded: string[];
  stacksRemoved: string[];
  stacks: StackDiff[];
}

export function diffTrees(base: SynthesizedStack[], current: SynthesizedStack[]): TreeDiff {
  const baseByName = new Map(base.map((s) => [s.name, s]));
  const currentNames = new Set(current.map((s) => s.name));
  return {
    stacksAdded: current.filter((s) => !baseByName.has(s.name)).map((s) => s.name),
    stacksRemoved: base.filter((s) => !currentNames.has(s.name)).map((s) => s.name),
    stacks: current
      .flatMap((s) => {
        const before = baseByName.get(s.name);
        return before ? [diffStack(before, s)] : [];
      })
      .filter(
        (d) =>
          d.resourcesAdded.length + d.resourcesRemoved.length + d.resourcesChanged.length + d.mappings.length + d.otherChanges.length > 0,
      ),
  };
}

function diffStack(base: SynthesizedStack, current: SynthesizedStack): StackDiff {
  const before = new Map(resourcesOf(base.tf).map((r) => [r.address, r.body]));
  const after = new Map(resourcesOf(current.tf).map((r) => [r.address, r.body]));
  const resourcesChanged: StackDiff['resourcesChanged'] = [];
  const mappings: RuleChanges[] = [];
  for (const [address, body] of after) {
    const old = before.get(address);
    if (old === undefined) continue;
    const { table_mappings: oldMappings, ...oldRest } = old;
    const { table_mappings: newMappings, ...newRest } = body;
    const changes = attributeChanges(oldRest, newRest);
    if (changes.length > 0) resourcesChanged.push({ address, changes });
    if (oldMappings !== newMappings) mappings.push(diffMappings(address, oldMappings, newMappings));
  }
  const strip = (tf: Json) => {
    const { resource: _resources, '//': _metadata, ...rest } = tf;
    return rest;
  };
  return {
    stack: current.name,
    resourcesAdded: [...after.keys()].filter((a) => !before.has(a)),
    resourcesRemoved: [...before.keys()].filter((a) => !after.has(a)),
    resourcesChanged,
    mappings,
    otherChanges: attributeChanges(strip(base.tf), strip(current.tf)),
  };
}

/** microdiff over two values, descending into JSON held in strings. */
function attributeChanges(before: Json, after: Json, prefix = ''): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const change of diff(before ?? {}, after ?? {})) {
    const path = [prefix, ...change.path.map(String)].filter(Boolean).join('.');
    if (change.type === 'CHANGE') {
      const oldJson = embeddedJson(change.oldValue);
      const newJson = embeddedJson(change.value);
      if (oldJson && newJson && typeof oldJson === 'object' && typeof newJson === 'object') {
        changes.push(...attributeChanges(oldJson, newJson, `${path}(json)`));
      } else {
        changes.push({ path, kind: 'changed', before: change.oldValue, after: change.value });
      }
    } else if (change.type === 'CREATE') {
      changes.push({ path, kind: 'added', after: change.value });
    } else {
      changes.push({ path, kind: 'removed', before: change.oldValue });
    }
  }
  return changes;
}

/** Table mappings compared rule by rule, rules matched by rule-id. */
function diffMappings(task: string, before: unknown, after: unknown): RuleChanges {
  const rulesOf = (value: unknown) =>
    new Map<string, Json>((embeddedJson(value)?.rules ?? []).map((rule: Json) => [String(rule['rule-id']), rule]));
  const oldRules = rulesOf(before);
  const newRules = rulesOf(after);
  const result: RuleChanges = { task, added: [], removed: [], changed: [] };
  for (const [id, rule] of newRules) {
    const old = oldRules.get(id);
    if (!old) {
      result.added.push(describeRule(rule));
      continue;
    }
    const changes = attributeChanges(old, rule);
    if (changes.length > 0) result.changed.push({ rule: describeRule(rule), changes });
  }
  for (const [id, rule] of oldRules) if (!newRules.has(id)) result.removed.push(describeRule(rule));
  return result;
}
