/**
 * A Terraform state (format v4) from an offline plan of this project's own stack, with every resource at the
 * address `addressOf` gives it and values equal to what the plan would create; values known only after apply
 * get stand-ins. For tests of this project's own later plans (the review gate); adopting a hand-written root's
 * state is proven with __tests__/support/applied-state.ts instead, never with this project's output.
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../../review/synthesized';

interface ProviderSchemas {
  provider_schemas: Record<string, { resource_schemas: Record<string, { version: number; block: Json }> }>;
}

export interface StateV4 {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, unknown>;
  resources: Json[];
  check_results: null;
}

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

/** Stand-in for a value known only after apply, typed from the provider schema. */
function standIn(name: string, type: Json, address: string): unknown {
  if (type === 'string') return name.endsWith('arn') ? `arn:aws:legacy:us-west-2:459286107047:${address}` : `legacy-${address}-${name}`;
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set')) return [];
  if (Array.isArray(type) && type[0] === 'map') return {};
  return null;
}

/** The resource address and attribute a configuration reference points at, most specific first. */
function target(references: string[] | undefined): { address: string; attribute: string } | undefined {
  const reference = references?.find((r) => r.split('.').length >= 3);
  if (!reference) return undefined;
  const [type, name, attribute] = reference.split('.');
  return { address: `${type}.${name}`, attribute };
}

interface Pending {
  holder: Json;
  name: string;
  reference: { address: string; attribute: string };
  list: boolean;
}

/** Fill one object (resource or nested block) from plan values, schema and configuration expressions. */
function fill(after: Json, unknown: Json, block: Json, expressions: Json, address: string, pending: Pending[]): Json {
  const out: Json = { ...(after ?? {}) };
  for (const [name, attribute] of Object.entries<Json>(block.attributes ?? {})) {
    if (unknown?.[name] !== true) {
      if (!(name in out)) out[name] = null;
      continue;
    }
    const reference = target(expressions?.[name]?.references);
    if (reference) {
      pending.push({ holder: out, name, reference, list: Array.isArray(attribute.type) });
      out[name] = null;
    } else {
      out[name] = standIn(name, attribute.type, address);
    }
  }
  for (const [name, nested] of Object.entries<Json>(block.block_types ?? {})) {
    const values = out[name];
    if (Array.isArray(values)) {
      out[name] = values.map((value: Json, index: number) =>
        fill(value, unknown?.[name]?.[index], nested.block, expressions?.[name]?.[index], address, pending),
      );
    } else if (values === undefined) {
      out[name] = nested.nesting_mode === 'single' ? null : [];
    }
  }
  return out;
}

type PathStep = { type: 'get_attr'; value: string } | { type: 'index'; value: { value: number; type: 'number' } };

/** Paths of schema-sensitive attributes, as Terraform records them; without them every plan shows an update. */
export function sensitivePaths(block: Json, values: Json, prefix: PathStep[] = []): PathStep[][] {
  const paths: PathStep[][] = [];
  for (const [name, attribute] of Object.entries<Json>(block.attributes ?? {})) {
    if (attribute.sensitive) paths.push([...prefix, { type: 'get_attr', value: name }]);
  }
  for (const [name, nested] of Object.entries<Json>(block.block_types ?? {})) {
    const items = values?.[name];
    if (!Array.isArray(items)) continue;
    items.forEach((item: Json, index: number) => {
      paths.push(
        ...sensitivePaths(nested.block, item, [
          ...prefix,
          { type: 'get_attr', value: name },
          { type: 'index', value: { value: index, type: 'number' } },
        ]),
      );
    });
  }
  return paths;
}

export function stateFromPlan(plan: Json, schemas: ProviderSchemas, legacyAddressOf: (address: string) => string): StateV4 {
  const resourceSchemas = schemas.provider_schemas[PROVIDER].resource_schemas;
  const configured = new Map<string, Json>(plan.configuration.root_module.resources.map((r: Json) => [r.address, r.expressions]));
  const attributes = new Map<string, Json>();
  const pending: Pending[] = [];

  for (const change of plan.resource_changes) {
    const schema = resourceSchemas[change.type];
    attributes.set(
      change.address,
      fill(change.change.after, change.change.after_unknown, schema.block, configured.get(change.address), change.address, pending),
    );
  }
  // References may chain; resolve until nothing is left.
  for (let round = 0; pending.length > 0; round++) {
    if (round > 10)
      throw new Error(`unresolvable references: ${pending.map((p) => `${p.reference.address}.${p.reference.attribute}`).join(', ')}`);
    for (const item of pending.splice(0)) {
      const value = attributes.get(item.reference.address)?.[item.reference.attribute];
      if (value === null || value === undefined) pending.push(item);
      else item.holder[item.name] = item.list && !Array.isArray(value) ? [value] : value;
    }
  }

  const resources = plan.resource_changes.map((change: Json) => {
    const legacy = legacyAddressOf(change.address);
    const match = /^(module\.[^.]+)\.([^.]+)\.([^.]+)$/.exec(legacy) ?? /^()([^.]+)\.([^.]+)$/.exec(legacy);
    if (!match) throw new Error(`cannot place ${legacy}`);
    const [, module, type, name] = match;
    return {
      ...(module ? { module } : {}),
      mode: 'managed',
      type,
      name,
      provider: `provider["${PROVIDER}"]`,
      instances: [
        {
          schema_version: resourceSchemas[type].version ?? 0,
          attributes: attributes.get(change.address),
          sensitive_attributes: sensitivePaths(resourceSchemas[type].block, attributes.get(change.address)),
        },
      ],
    };
  });
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources,
    check_results: null,
  };
}
