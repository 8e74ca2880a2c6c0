/**
 * Monthly cost estimate of a synthesized stack, from its resources and the dated price file of its region
 * (`config/prices/<region>.json`): replication instance hours (× 2 Multi-AZ) and storage beyond the included
 * amount, DMS Serverless DCU-hours between min and max capacity, S3 staging, Secrets Manager secrets the
 * endpoints read, CloudWatch alarms, dashboards and task log ingestion, KMS keys, DynamoDB on-demand or
 * provisioned tables (with their GSIs and point-in-time recovery). Usage the synth cannot know (staged GB, log
 * volume, DynamoDB writes) comes from the price file's `usage` and is printed as an assumption. Anything without
 * a price (an unknown class, a region without a file) is listed as not estimated, never silently zero.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../core/paths';
import { type Json, type SynthesizedStack, embeddedJson, resourcesOfType } from './synthesized';

export interface PriceFile {
  region: string;
  currency: string;
  asOf: string;
  hoursPerMonth: number;
  regionNote?: string;
  sources: Record<string, string>;
  dmsInstanceHourly: {
    source: string;
    assumption: boolean;
    burstable: Record<string, number>;
    burstableFamilies: string[];
    largeOf: Record<string, number>;
    note: string;
  };
  prices: Record<string, { usd: number; unit: string; source: string; assumption: boolean; [extra: string]: unknown }>;
  usage: Record<string, number | string>;
}

export interface CostLine {
  item: string;
  quantity: string;
  /** Monthly USD; a range for DMS Serverless (min–max capacity). */
  min: number;
  max: number;
  basis: string;
}

export interface StackCost {
  stack: string;
  region: string;
  priceFile?: string;
  asOf?: string;
  lines: CostLine[];
  total: { min: number; max: number };
  /** What was not estimated, and why. */
  missing: string[];
  assumptions: string[];
}

export function pricesDir(root = projectRoot()): string {
  return path.join(root, 'config', 'prices');
}

function loadPrices(region: string, dir = pricesDir()): PriceFile | undefined {
  const file = path.join(dir, `${region}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PriceFile) : undefined;
}

/** On-demand hourly price of a replication instance class, or undefined when the file has none. */
export function instanceHourly(prices: PriceFile, instanceClass: string): number | undefined {
  const [, family, size] = instanceClass.split('.');
  const table = prices.dmsInstanceHourly;
  if (table.burstableFamilies.includes(family)) return table.burstable[size];
  const large = table.largeOf[family];
  if (large === undefined || !/^(large|\d*xlarge)$/.test(size ?? '')) return undefined;
  const multiple = size === 'large' ? 1 : size === 'xlarge' ? 2 : 2 * Number(size.replace('xlarge', ''));
  return Math.round(large * multiple * 1e6) / 1e6;
}

const money = (n: number) => Math.round(n * 100) / 100;

/** Resource types this estimate prices (below), and types AWS does not charge for. Any other type is reported. */
const PRICED_TYPES = new Set([
  'aws_dms_replication_instance',
  'aws_dms_replication_config',
  'aws_s3_bucket',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_dashboard',
  'aws_cloudwatch_log_group',
  'aws_kms_key',
  'aws_dynamodb_table',
]);
const FREE_TYPES = new Set([
  'aws_dms_endpoint',
  'aws_dms_replication_task',
  'aws_dms_replication_subnet_group',
  'aws_dms_event_subscription',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy',
  'aws_kms_alias',
  'aws_security_group',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'terraform_data',
  // Standard-tier String parameters (the cross-stack values) have no charge (AWS Systems Manager pricing).
  'aws_ssm_parameter',
]);

export function estimateStack(stack: SynthesizedStack, dir = pricesDir()): StackCost {
  const region = (stack.tf.provider?.aws ?? [])[0]?.region ?? '';
  const prices = loadPrices(region, dir);
  if (!prices) {
    return {
      stack: stack.name,
      region,
      lines: [],
      total: { min: 0, max: 0 },
      missing: [`everything: no price file config/prices/${region || '<region>'}.json`],
      assumptions: [],
    };
  }
  const hours = prices.hoursPerMonth;
  const p = prices.prices;
  const lines: CostLine[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  let instancePriced = false;
  const add = (item: string, quantity: string, min: number, basis: string[], max = min) => {
    for (const key of basis) used.add(key);
    lines.push({ item, quantity, min: money(min), max: money(max), basis: basis.map((key) => `${key} $${p[key]?.usd ?? '?'}`).join(', ') });
  };
  const price = (key: string) => {
    used.add(key);
    return p[key].usd;
  };

  for (const { address, body } of resourcesOfType(stack.tf, 'aws_dms_replication_instance')) {
    const instanceClass = String(body.replication_instance_class);
    const hourly = instanceHourly(prices, instanceClass);
    const copies = body.multi_az === true ? 2 : 1;
    if (hourly === undefined) {
      missing.push(`${address}: no price for ${instanceClass} in config/prices/${region}.json`);
      continue;
    }
    instancePriced = true;
    lines.push({
      item: `${address} (${instanceClass}${copies === 2 ? ', Multi-AZ' : ''})`,
      quantity: `${hours} h × ${copies}`,
      min: money(hourly * hours * copies),
      max: money(hourly * hours * copies),
      basis: `${instanceClass} $${hourly}/h`,
    });
    const family = instanceClass.split('.')[1];
    const included = Number((p.dmsIncludedStorageGb as Json)[family === 't3' || family === 't2' ? 't3' : 'other']);
    const storage = Number(body.allocated_storage ?? 50);
    const billable = Math.max(0, storage - included);
    add(`${address} storage`, `${storage} GB (${included} included) × ${copies}`, billable * price('dmsStorageGbMonth') * copies, [
      'dmsStorageGbMonth',
    ]);
  }

  for (const { address, body } of resourcesOfType(stack.tf, 'aws_dms_replication_config')) {
    const compute = (Array.isArray(body.compute_config) ? body.compute_config[0] : body.compute_config) ?? {};
    const lo = Number(compute.min_capacity_units ?? 1);
    const hi = Number(compute.max_capacity_units ?? lo);
    const copies = compute.multi_az === true ? 2 : 1;
    const dcu = price('dmsServerlessDcuHour');
    add(
      `${address} (DMS Serverless, ${lo}–${hi} DCU${copies === 2 ? ', Multi-AZ' : ''})`,
      `${hours} h × ${lo}–${hi} DCU${copies === 2 ? ' × 2' : ''}`,
      lo * dcu * hours * copies,
      ['dmsServerlessDcuHour'],
      hi * dcu * hours * copies,
    );
  }

  for (const { address } of resourcesOfType(stack.tf, 'aws_s3_bucket')) {
    const gb = Number(prices.usage.s3StagingGb);
    const puts = Number(prices.usage.s3StagingPutsPerMonth);
    add(
      `${address} (staging)`,
      `${gb} GB, ${puts.toLocaleString('en-US')} PUTs (assumed)`,
      gb * price('s3StandardGbMonth') + (puts / 1000) * price('s3PutPer1000'),
      ['s3StandardGbMonth', 's3PutPer1000'],
    );
  }

  const secrets = new Set(
    resourcesOfType(stack.tf, 'aws_dms_endpoint')
      .map(({ body }) => body.secrets_manager_arn)
      .filter((arn): arn is string => typeof arn === 'string'),
  );
  if (secrets.size > 0)
    add(
      'Secrets Manager secrets the endpoints read (existing, not created here)',
      `${secrets.size}`,
      secrets.size * price('secretsManagerSecretMonth'),
      ['secretsManagerSecretMonth'],
    );

  const alarms = resourcesOfType(stack.tf, 'aws_cloudwatch_metric_alarm').length;
  if (alarms > 0) add('CloudWatch alarms', `${alarms}`, alarms * price('cloudwatchAlarmMonth'), ['cloudwatchAlarmMonth']);
  const dashboards = resourcesOfType(stack.tf, 'aws_cloudwatch_dashboard').length;
  if (dashboards > 0)
    add('CloudWatch dashboards', `${dashboards}`, dashboards * price('cloudwatchDashboardMonth'), ['cloudwatchDashboardMonth']);
  const logging = [
    ...resourcesOfType(stack.tf, 'aws_dms_replication_task'),
    ...resourcesOfType(stack.tf, 'aws_dms_replication_config'),
  ].filter(({ body }) => embeddedJson(body.replication_task_settings ?? body.replication_settings)?.Logging?.EnableLogging === true).length;
  if (logging > 0) {
    const gb = Number(prices.usage.logsGbPerTaskMonth) * logging;
    add(
      'CloudWatch Logs (task logging)',
      `${gb} GB ingested and stored (assumed ${prices.usage.logsGbPerTaskMonth} GB per task)`,
      gb * (price('cloudwatchLogsIngestGb') + price('cloudwatchLogsStorageGbMonth')),
      ['cloudwatchLogsIngestGb', 'cloudwatchLogsStorageGbMonth'],
    );
  }
  const keys = resourcesOfType(stack.tf, 'aws_kms_key').length;
  if (keys > 0) add('KMS customer managed keys', `${keys}`, keys * price('kmsKeyMonth'), ['kmsKeyMonth']);

  for (const { address, body } of resourcesOfType(stack.tf, 'aws_dynamodb_table')) {
    const indexes: Json[] = body.global_secondary_index ?? [];
    const copies = 1 + indexes.length;
    const storage = Number(prices.usage.dynamodbStorageGbPerTable) * copies;
    const pitr =
      body.point_in_time_recovery?.enabled === true ? Number(prices.usage.dynamodbStorageGbPerTable) * price('dynamodbPitrGbMonth') : 0;
    const storageCost = storage * price('dynamodbStorageGbMonth') + pitr;
    const storageBasis = ['dynamodbStorageGbMonth', ...(pitr > 0 ? ['dynamodbPitrGbMonth'] : [])];
    if (body.billing_mode === 'PROVISIONED') {
      const wcu = Number(body.write_capacity ?? 0) + indexes.reduce((n, i) => n + Number(i.write_capacity ?? 0), 0);
      const rcu = Number(body.read_capacity ?? 0) + indexes.reduce((n, i) => n + Number(i.read_capacity ?? 0), 0);
      add(
        `${address} (provisioned, ${indexes.length} GSI)`,
        `${wcu} WCU, ${rcu} RCU × ${hours} h; ${storage} GB (assumed)`,
        (wcu * price('dynamodbWcuHour') + rcu * price('dynamodbRcuHour')) * hours + storageCost,
        ['dynamodbWcuHour', 'dynamodbRcuHour', ...storageBasis],
      );
    } else {
      const writes = Number(prices.usage.dynamodbWritesPerTableMonthMillions) * copies;
      add(
        `${address} (on-demand, ${indexes.length} GSI)`,
        `${writes}M writes incl. GSIs, ${storage} GB (assumed)`,
        writes * price('dynamodbWriteRequestMillion') + storageCost,
        ['dynamodbWriteRequestMillion', ...storageBasis],
      );
    }
  }

  if (
    resourcesOfType(stack.tf, 'aws_dms_replication_task').length > 0 &&
    resourcesOfType(stack.tf, 'aws_dms_replication_instance').length === 0
  ) {
    lines.push({
      item: 'Replication instance (owned by another stack)',
      quantity: '',
      min: 0,
      max: 0,
      basis: 'billed to the stack that creates it',
    });
  }

  const unknownTypes = new Map<string, number>();
  for (const type of Object.keys(stack.tf.resource ?? {})) {
    if (!PRICED_TYPES.has(type) && !FREE_TYPES.has(type)) unknownTypes.set(type, resourcesOfType(stack.tf, type).length);
  }
  for (const [type, count] of unknownTypes) missing.push(`${type} (${count}): no cost model for this resource type`);

  const total = { min: money(lines.reduce((n, l) => n + l.min, 0)), max: money(lines.reduce((n, l) => n + l.max, 0)) };
  const assumptions = [
    `prices of ${prices.region} as of ${prices.asOf} (config/prices/${region}.json), ${prices.hoursPerMonth} h per month, on-demand, no free tier, no data transfer`,
    ...(prices.regionNote ? [prices.regionNote] : []),
    ...assumedPrices(prices, used, instancePriced),
    ...lines.filter((l) => l.quantity.includes('assumed')).map((l) => `${l.item}: usage ${l.quantity}`),
  ];
  return { stack: stack.name, region, priceFile: `config/prices/${region}.json`, asOf: prices.asOf, lines, total, missing, assumptions };
}

/** Prices not confirmed from a published list, grouped by where the value came from. */
function assumedPrices(prices: PriceFile, used: Set<string>, instancePriced: boolean): string[] {
  const bySource = new Map<string, string[]>();
  const note = (source: string, text: string) => bySource.set(source, [...(bySource.get(source) ?? []), text]);
  if (instancePriced && prices.dmsInstanceHourly.assumption) note(prices.dmsInstanceHourly.source, 'DMS instance hourly prices');
  for (const key of used) {
    const entry = prices.prices[key];
    if (entry?.assumption) note(entry.source, `${key} $${entry.usd} per ${entry.unit}`);
  }
  return [...bySource].map(([source, items]) => `assumed prices: ${items.join('; ')} (source: ${prices.sources[source] ?? source})`);
}

export interface CostDelta {
  stack: string;
  before?: { min: number; max: number };
  after?: { min: number; max: number };
  changes: { item: string; before?: number; after?: number }[];
}

export function costDelta(base: StackCost[], current: StackCost[]): CostDelta[] {
  const names = [...new Set([...base.map((c) => c.stack), ...current.map((c) => c.stack)])].sort();
  return names
    .map((stack) => {
      const b = base.find((c) => c.stack === stack);
      const a = current.find((c) => c.stack === stack);
      const key = (l: CostLine) => l.item.replace(/ \(.*$/, '');
      const items = [...new Set([...(b?.lines ?? []).map(key), ...(a?.lines ?? []).map(key)])];
      const changes = items
        .map((item) => ({ item, before: b?.lines.find((l) => key(l) === item)?.max, after: a?.lines.find((l) => key(l) === item)?.max }))
        .filter((c) => c.before !== c.after);
      return { stack, before: b?.total, after: a?.total, changes };
    })
    .filter((d) => d.changes.length > 0 || d.before === undefined || d.after === undefined);
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const range = (t: { min: number; max: number }) => (t.min === t.max ? usd(t.min) : `${usd(t.min)}–${usd(t.max)}`);

export function costMarkdown(costs: StackCost[], delta?: CostDelta[]): string {
  const sections = costs.map((c) => {
    const lines = [`## Monthly cost: \`${c.stack}\` (${c.region})`, ''];
    if (c.lines.length > 0) {
      lines.push('| item | quantity | USD/month | price |', '| --- | --- | --- | --- |');
      for (const l of c.lines) lines.push(`| ${l.item} | ${l.quantity} | ${range(l)} | ${l.basis} |`);
      lines.push(`| **total** | | **${range(c.total)}**${c.missing.length > 0 ? ' (incomplete)' : ''} | |`);
    }
    for (const m of c.missing) lines.push(`- **Not estimated**: ${m}`);
    if (c.assumptions.length > 0) lines.push('', 'Assumptions:', ...c.assumptions.map((a) => `- ${a}`));
    return lines.join('\n');
  });
  if (delta) {
    const lines = ['## Cost change against the base synth', ''];
    if (delta.length === 0) lines.push('No change in the monthly estimate.');
    for (const d of delta) {
      const before = d.before ? range(d.before) : 'none';
      const after = d.after ? range(d.after) : 'none';
      const diff =
        d.before && d.after ? ` (${d.after.max - d.before.max >= 0 ? '+' : '−'}${usd(Math.abs(d.after.max - d.before.max))})` : '';
      lines.push(`- \`${d.stack}\`: ${before} → ${after}${diff}`);
      for (const c of d.changes)
        lines.push(`  - ${c.item}: ${c.before === undefined ? 'none' : usd(c.before)} → ${c.after === undefined ? 'none' : usd(c.after)}`);
    }
    sections.push(lines.join('\n'));
  }
  return sections.join('\n\n');
}
