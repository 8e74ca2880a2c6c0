/**
 * From a match between a legacy state and a stack to the adoption record the next synth applies
 * (config/adoption.ts), and the report `npm run adopt` prints.
 */
import { ADOPTABLE_ATTRIBUTES, type AdoptionRecord, importIdProblem } from '../../config/adoption';
import type { ValidationIssue } from '../../core/errors';
import { known } from '../../core/maps';
import type { Json } from '../../review/synthesized';
import {
  type LegacyResource,
  type Match,
  type StackResource,
  leaves,
  legacyResources,
  matchResources,
  referenceOf,
  stackResources,
} from './match';

export interface AdoptionReport {
  stack: string;
  moves: (Match & { kept: Record<string, string> })[];
  imports: { to: string; id: string; why: string }[];
  /** Legacy resources without a place in the stack: forgotten by `removed { destroy = false }`, left in AWS. */
  removed: { from: string; reason: string }[];
  /** Stack resources the next apply creates. */
  created: string[];
  /**
   * Configured values of adopted DMS resources that differ from the live ones: the plan changes them in place
   * (set them in the pipeline config to keep the live values).
   */
  differences: { address: string; attribute: string; live: unknown; configured: unknown }[];
}

/** The DMS resources whose in-place changes touch replication (endpoint connections, the instance, the task). */
const DMS_TYPES = [
  'aws_dms_endpoint',
  'aws_dms_replication_instance',
  'aws_dms_replication_task',
  'aws_dms_replication_config',
  'aws_dms_replication_subnet_group',
];

function empty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

const SECURITY_GROUP = 'aws_security_group.replication_instance';
const TASK_LOGS = 'aws_cloudwatch_log_group.task_logs';
const SEPARATE_EGRESS = ['aws_vpc_security_group_egress_rule', 'aws_security_group_rule'];

/** `--import <address>=<id>` values, checked against the stack's addresses and each type's id format. */
export function parseImports(
  values: readonly string[],
  stack: readonly StackResource[],
): { imports: Record<string, string>; issues: ValidationIssue[] } {
  const imports: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  const addresses = new Set(stack.map((resource) => resource.address));
  values.forEach((value, index) => {
    const where = `--import[${index}]`;
    const separator = value.indexOf('=');
    if (separator < 1) {
      issues.push({ path: where, message: `must be <address>=<id>, not ${JSON.stringify(value)}` });
      return;
    }
    const address = value.slice(0, separator);
    const id = value.slice(separator + 1);
    if (!addresses.has(address)) {
      issues.push({ path: where, message: `${address} is not a resource of the stack` });
      return;
    }
    const problem = importIdProblem(address.split('.')[0], id);
    if (problem) issues.push({ path: where, message: `${address}: id ${problem}` });
    else imports[address] = id;
  });
  return { imports, issues };
}

export interface BuildInput {
  stack: string;
  /** The stack synthesized without adoption (today's conventions). */
  tf: Json;
  /** `terraform state pull` of the legacy root; absent when only importing. */
  state?: Json;
  imports: Record<string, string>;
  previous?: AdoptionRecord;
}

export function buildAdoption(input: BuildInput): { record: AdoptionRecord; report: AdoptionReport; issues: ValidationIssue[] } {
  const stack = stackResources(input.tf);
  const issues: ValidationIssue[] = [];
  const resources: AdoptionRecord['resources'] = {};
  const removed: AdoptionRecord['removed'] = [];
  const moves: AdoptionReport['moves'] = [];
  const differences: AdoptionReport['differences'] = [];
  const configOf = new Map(stack.map((resource) => [resource.address, resource.config]));
  let imports: Record<string, string> = { ...(input.previous?.imports ?? {}) };
  const importWhy = new Map<string, string>(Object.keys(imports).map((address) => [address, 'kept from the previous record']));
  for (const address of Object.keys(input.imports)) importWhy.set(address, '--import');

  if (input.state) {
    const legacy = legacyResources(input.state);
    const legacyByAddress = new Map<string, LegacyResource>(legacy.map((resource) => [resource.address, resource]));
    const { matches, unplaced } = matchResources(stack, legacy);
    for (const match of matches) {
      const live = known(legacyByAddress, match.legacy).attributes;
      const type = match.stack.split('.')[0];
      const set: Record<string, string> = {};
      for (const attribute of ADOPTABLE_ATTRIBUTES[type] ?? []) {
        if (attribute !== 'egress' && typeof live[attribute] === 'string' && live[attribute] !== '') set[attribute] = live[attribute];
      }
      if (set.replication_task_settings) set.replication_task_settings = withoutReadOnlySettings(set.replication_task_settings);
      resources[match.stack] = { from: match.legacy, set };
      if (DMS_TYPES.includes(type)) {
        for (const leaf of leaves(configOf.get(match.stack), live)) {
          const attribute = leaf.path.split(/[.[]/)[0];
          if (['tags', 'tags_all', 'depends_on', 'lifecycle', ...(ADOPTABLE_ATTRIBUTES[type] ?? [])].includes(attribute)) continue;
          const literal = (Array.isArray(leaf.configured) ? leaf.configured : [leaf.configured]).every(
            (value) => !referenceOf(value) && !String(value).includes('${'),
          );
          if (!literal || (empty(leaf.configured) && empty(leaf.live)) || JSON.stringify(leaf.configured) === JSON.stringify(leaf.live))
            continue;
          differences.push({ address: match.stack, attribute: leaf.path, live: leaf.live ?? null, configured: leaf.configured });
        }
      }
      moves.push({
        ...match,
        kept: Object.fromEntries(
          Object.entries(set).filter(
            ([attribute]) => !['table_mappings', 'replication_task_settings', 'policy', 'egress'].includes(attribute),
          ),
        ),
      });
    }

    // Rules written inline in the live group stay inline; separate legacy rule resources on it are taken over.
    const group = resources[SECURITY_GROUP] && legacyByAddress.get(resources[SECURITY_GROUP].from);
    if (group) {
      const separate = legacy.filter(
        (resource) => SEPARATE_EGRESS.includes(resource.type) && resource.attributes.security_group_id === group.attributes.id,
      );
      const oldStyle = separate.filter((resource) => resource.type === 'aws_security_group_rule' && resource.attributes.type === 'egress');
      const inline =
        (group.attributes.egress ?? []).length > 0 && separate.every((resource) => resource.type === 'aws_security_group_rule');
      if (inline || oldStyle.length > 0) {
        resources[SECURITY_GROUP].inlineEgress = true;
        // The live rules, as they are: a changed inline rule is revoked and authorized again.
        if (inline && oldStyle.length === 0) resources[SECURITY_GROUP].set.egress = JSON.stringify(group.attributes.egress);
      }
      for (const rule of oldStyle) {
        const index = unplaced.findIndex((entry) => entry.legacy === rule.address);
        if (index >= 0)
          unplaced[index].reason =
            'an egress rule of the adopted group: its rules are managed inline on the group now (the same rule twice is rejected by AWS)';
      }
    }
    // The account roles belong to the account baseline stack (dms-account-<id>), which imports them.
    const accountRoleNames = ['dms-vpc-role', 'dms-cloudwatch-logs-role'];
    for (const entry of unplaced) {
      const live = known(legacyByAddress, entry.legacy);
      const name =
        live.type === 'aws_iam_role'
          ? live.attributes.name
          : live.type === 'aws_iam_role_policy_attachment'
            ? live.attributes.role
            : undefined;
      if (accountRoleNames.includes(name)) {
        removed.push({
          from: entry.legacy,
          reason: `account-global (${name}): the account baseline stack imports it (accountRoles: "import"); forgotten here`,
          accountRole: true,
        });
      } else {
        removed.push({ from: entry.legacy, reason: entry.reason });
      }
    }

    // DMS creates the log group `dms-tasks-<instance id>` when a task logs: create would fail, so import it.
    const logGroup = stack.find((resource) => resource.address === TASK_LOGS);
    const instance = resources['aws_dms_replication_instance.replication_instance']?.set.replication_instance_id;
    const logging = Object.values(resources).some((entry) => {
      const settings = entry.set.replication_task_settings;
      try {
        return settings !== undefined && JSON.parse(settings)?.Logging?.EnableLogging === true;
      } catch {
        return false;
      }
    });
    if (logGroup && instance && logging && !resources[TASK_LOGS] && !(TASK_LOGS in input.imports)) {
      imports[TASK_LOGS] = `dms-tasks-${instance}`;
      importWhy.set(TASK_LOGS, 'DMS created it when the adopted task logged');
    }
  } else if (input.previous) {
    Object.assign(resources, input.previous.resources);
    removed.push(...input.previous.removed);
    for (const [address, entry] of Object.entries(resources))
      moves.push({ stack: address, legacy: entry.from, via: 'kept from the previous record', kept: {} });
  }

  imports = { ...imports, ...input.imports };
  for (const address of Object.keys(imports)) {
    if (address in resources) {
      if (address in input.imports)
        issues.push({ path: '--import', message: `${address} is already adopted from the state (${resources[address].from})` });
      delete imports[address];
    }
  }

  const inlineEgress = !!resources[SECURITY_GROUP]?.inlineEgress;
  const created = stack
    .map((resource) => resource.address)
    .filter((address) => !(address in resources) && !(address in imports))
    .filter((address) => !(inlineEgress && address.startsWith('aws_vpc_security_group_egress_rule.')));

  const record: AdoptionRecord = {
    $comment: 'Written by npm run adopt; reviewed like code. See README, "Adopting live resources".',
    stack: input.stack,
    ...(input.state
      ? { adoptedFrom: { lineage: String(input.state.lineage), serial: Number(input.state.serial) } }
      : input.previous?.adoptedFrom
        ? { adoptedFrom: input.previous.adoptedFrom }
        : {}),
    resources: sortedKeys(resources),
    imports: sortedKeys(imports),
    removed: removed.sort((a, b) => byText(a.from, b.from)),
  };
  return {
    record,
    report: {
      stack: input.stack,
      moves,
      imports: Object.entries(record.imports).map(([to, id]) => ({ to, id, why: importWhy.get(to) ?? '' })),
      removed: record.removed,
      created,
      differences,
    },
    issues,
  };
}

/**
 * The live task settings without what DMS fills in itself: provider 5.100.0 rejects `Logging.CloudWatchLogGroup`
 * and `CloudWatchLogStream` in configuration ("read-only and cannot be set") although state holds them, and
 * leaves them out when it compares (the adoption plan shows no settings change). Everything else stays as DMS
 * returned it, in its order.
 */
export function withoutReadOnlySettings(settings: string): string {
  let document: Json;
  try {
    document = JSON.parse(settings);
  } catch {
    return settings;
  }
  if (document?.Logging && typeof document.Logging === 'object') {
    delete document.Logging.CloudWatchLogGroup;
    delete document.Logging.CloudWatchLogStream;
  }
  return JSON.stringify(document);
}

/** Code-unit order: the same on every machine and locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedKeys<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => byText(a, b)));
}

/** The report as the terminal table. */
export function reportText(report: AdoptionReport, file: string): string {
  const lines: string[] = [`Adoption record for stack ${report.stack}: ${file}`, ''];
  const rows = report.moves.map((move) => [
    move.legacy,
    move.stack,
    Object.entries(move.kept)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || '-',
    move.via,
  ]);
  lines.push(...table(['legacy address', 'new address', 'kept from the live resource', 'matched by'], rows), '');
  if (report.imports.length > 0) {
    lines.push('Imported (exist in AWS, in no state):');
    lines.push(
      ...table(
        ['address', 'import id', 'why'],
        report.imports.map((i) => [i.to, i.id, i.why]),
      ),
      '',
    );
  }
  if (report.removed.length > 0) {
    lines.push('Not placed (forgotten with removed { destroy = false }; left in AWS, no longer managed):');
    for (const entry of report.removed) lines.push(`  ${entry.from}: ${entry.reason}`);
    lines.push('');
  }
  if (report.differences.length > 0) {
    lines.push(
      'Configured values that differ from the live resources (the plan changes them in place; set them in the pipeline config to keep the live values):',
    );
    for (const d of report.differences)
      lines.push(`  ${d.address}: ${d.attribute}: live ${JSON.stringify(d.live)}, configured ${JSON.stringify(d.configured)}`);
    lines.push('');
  }
  lines.push(
    `${report.moves.length} moved, ${report.imports.length} imported, ${report.removed.length} not placed, ${report.created.length} to create: ${report.created.join(', ') || 'none'}`,
  );
  return `${lines.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd()}`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}
