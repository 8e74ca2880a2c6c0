/**
 * The security section of `npm run review`: checks over a synthesized stack that fail on what would break a
 * pipeline at runtime or widen access, each grounded in the AWS DMS user guide (see README: Security). A
 * finding can be suppressed for one resource of one stack with a written reason in
 * `config/security-suppressions.json`, reviewed in the pull request like code; a suppression that matches no
 * finding is itself an error, so stale ones do not pile up.
 */
import * as fs from 'node:fs';
import { z } from 'zod';
import { arn, partitionOf } from '../core/arn';
import { readInputFile } from '../core/input-file';
import { parseJson } from '../core/json-text';
import { dnsSuffix } from '../modules/iam-policy';
import { type Json, type SynthesizedStack, embeddedJson, reference, resourcesOfType } from './synthesized';

export const SECURITY_CHECKS = {
  'dynamodb-table-key': 'a DynamoDB table encrypted with a customer managed key is writable by the DMS role (key use through DynamoDB)',
  'redshift-ssl-mode': 'no ssl_mode on a Redshift endpoint (it already uses SSL; DMS does not configure it)',
  'confused-deputy': 'roles DMS assumes for this pipeline trust DMS only with aws:SourceAccount and aws:SourceArn of this account',
  'account-roles-unconditioned': 'dms-vpc-role and dms-cloudwatch-logs-role trust DMS without conditions (terraform-aws-dms #84)',
  'sns-dms-source': "the alert topic lets DMS publish only for this account's event subscriptions (es:*)",
  partition: "ARNs and kms:ViaService values belong to the stack region's partition",
  'service-path': 'the replication network has an HTTPS path to S3, DynamoDB and Secrets Manager as the endpoints need',
  'internet-egress': 'egress to 0.0.0.0/0 only with a written allowInternetEgress reason',
  'nullable-key-template': 'no ${column} template for a DynamoDB index key copied from the column of the same name',
  'staging-encryption-change':
    'a change of the Redshift staging encryption mode replaces the endpoint (DMS cannot modify SSE_S3 to SSE_KMS)',
  'log-group-retention': 'every CloudWatch log group the stack manages has a retention',
} as const;

export type SecurityCheck = keyof typeof SECURITY_CHECKS;

export interface SecurityFinding {
  check: SecurityCheck;
  stack: string;
  /** Terraform address of the resource the finding is about. */
  resource: string;
  message: string;
  /** The suppression's reason, when one applies. */
  suppressed?: string;
}

const ACCOUNT_ROLE_NAMES = new Set(['dms-vpc-role', 'dms-cloudwatch-logs-role']);

const statementsOf = (document: unknown): Json[] => [embeddedJson(document)?.Statement ?? []].flat();
const servicesOf = (statement: Json): string[] => [statement?.Principal?.Service ?? []].flat();
const isDms = (principal: string) => /^dms(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/.test(principal);
const actionsOf = (statement: Json): string[] => [statement.Action ?? []].flat();
const resourcesOfStatement = (statement: Json): string[] => [statement.Resource ?? []].flat();

interface StackContext {
  name: string;
  tf: Json;
  region: string;
  account: string;
  partition: string;
  add: (check: SecurityCheck, resource: string, message: string) => void;
}

/** Every failing check of one synthesized stack (unsuppressed). */
export function securityFindings(stack: SynthesizedStack): SecurityFinding[] {
  const findings: SecurityFinding[] = [];
  const provider = (stack.tf.provider?.aws ?? [])[0] ?? {};
  const region: string = provider.region ?? '';
  const context: StackContext = {
    name: stack.name,
    tf: stack.tf,
    region,
    account: (provider.allowed_account_ids ?? [])[0] ?? '',
    partition: partitionOf(region),
    add: (check, resource, message) => findings.push({ check, stack: stack.name, resource, message }),
  };
  for (const check of CHECKS) check(context);
  return findings;
}

const CHECKS: ((context: StackContext) => void)[] = [
  function dynamodbTableKey({ tf, region, partition, add }) {
    const statements = resourcesOfType(tf, 'aws_iam_role_policy').flatMap((policy) => statementsOf(policy.body.policy));
    for (const { address, body } of resourcesOfType(tf, 'aws_dynamodb_table')) {
      const key = body.server_side_encryption?.kms_key_arn;
      if (!key) continue;
      const via = `dynamodb.${region}.${dnsSuffix(partition)}`;
      const granted = statements.some(
        (s) =>
          s.Effect === 'Allow' &&
          resourcesOfStatement(s).includes(key) &&
          ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'].every((action) => actionsOf(s).includes(action)) &&
          s.Condition?.StringEquals?.['kms:ViaService'] === via,
      );
      if (!granted)
        add(
          'dynamodb-table-key',
          address,
          `is encrypted with ${key}, but no role policy allows kms:Encrypt, kms:Decrypt and kms:GenerateDataKey* on it via ${via}: every DMS write would fail with KMS AccessDenied`,
        );
    }
  },

  function redshiftSslMode({ tf, add }) {
    for (const { address, body } of resourcesOfType(tf, 'aws_dms_endpoint')) {
      if ((body.engine_name === 'redshift' || body.engine_name === 'redshift-serverless') && body.ssl_mode !== undefined) {
        add(
          'redshift-ssl-mode',
          address,
          `sets ssl_mode ${body.ssl_mode}: a Redshift endpoint already uses SSL and DMS does not configure it (AWS DMS user guide, "Using SSL with AWS DMS")`,
        );
      }
    }
  },

  function trustPolicies({ tf, region, account, partition, add }) {
    for (const { address, body } of resourcesOfType(tf, 'aws_iam_role')) {
      const dmsStatements = statementsOf(body.assume_role_policy).filter((s) => servicesOf(s).some(isDms));
      if (ACCOUNT_ROLE_NAMES.has(body.name)) {
        if (dmsStatements.some((s) => s.Condition))
          add(
            'account-roles-unconditioned',
            address,
            `${body.name} has trust conditions: they broke DMS logging on these account-global roles (terraform-aws-dms #84)`,
          );
        continue;
      }
      for (const statement of dmsStatements) {
        const sourceAccount = statement.Condition?.StringEquals?.['aws:SourceAccount'];
        const sourceArn = statement.Condition?.ArnLike?.['aws:SourceArn'] ?? statement.Condition?.ArnEquals?.['aws:SourceArn'];
        const prefix = arn({ partition, service: 'dms', region, account, resource: '' });
        if (sourceAccount !== account || typeof sourceArn !== 'string' || !sourceArn.startsWith(prefix)) {
          add(
            'confused-deputy',
            address,
            `${body.name} trusts ${servicesOf(statement).join(', ')} without aws:SourceAccount ${account} and aws:SourceArn ${prefix}* (AWS DMS user guide, "Cross-service confused deputy prevention")`,
          );
        }
      }
    }
  },

  function snsDmsSource({ tf, region, account, partition, add }) {
    for (const { address, body } of resourcesOfType(tf, 'aws_sns_topic_policy')) {
      for (const statement of statementsOf(body.policy).filter((s) => s.Effect === 'Allow' && servicesOf(s).some(isDms))) {
        const want = arn({ partition, service: 'dms', region, account, resource: 'es:*' });
        if (
          statement.Condition?.ArnLike?.['aws:SourceArn'] !== want ||
          statement.Condition?.StringEquals?.['aws:SourceAccount'] !== account
        ) {
          add(
            'sns-dms-source',
            address,
            `statement ${statement.Sid ?? '(no Sid)'} lets DMS publish without aws:SourceArn ${want} and aws:SourceAccount ${account}`,
          );
        }
      }
    }
  },

  function partitionConsistency({ tf, region, partition, add }) {
    for (const [type, byName] of Object.entries<Json>(tf.resource ?? {})) {
      for (const [name, body] of Object.entries<Json>(byName)) {
        const own = JSON.stringify(body);
        const foreign = [...new Set([...own.matchAll(/arn:(aws[a-z-]*):/g)].map((m) => m[1]).filter((p) => p !== partition))];
        if (foreign.length > 0)
          add('partition', `${type}.${name}`, `uses ARNs of partition ${foreign.join(', ')} in region ${region} (partition ${partition})`);
        const via = [...own.matchAll(/kms:ViaService\\":\\"([^\\"]+)\\"/g)]
          .map((m) => m[1])
          .filter((v) => !v.endsWith(`.${region}.${dnsSuffix(partition)}`));
        if (via.length > 0)
          add('partition', `${type}.${name}`, `kms:ViaService ${via.join(', ')} is not a ${region} endpoint of ${dnsSuffix(partition)}`);
      }
    }
  },

  function servicePaths({ tf, add }) {
    const groups = resourcesOfType(tf, 'aws_security_group');
    if (groups.length === 0) return; // tasks on an instance owned elsewhere: its stack owns the network
    const endpoints = resourcesOfType(tf, 'aws_dms_endpoint').map((e) => e.body);
    const needed = new Set<string>();
    if (endpoints.some((e) => e.secrets_manager_arn)) needed.add('Secrets Manager');
    if (endpoints.some((e) => e.engine_name === 'redshift' || e.engine_name === 'redshift-serverless')) needed.add('S3');
    if (endpoints.some((e) => e.engine_name === 'dynamodb')) ['S3', 'DynamoDB'].forEach((s) => needed.add(s));
    const https = resourcesOfType(tf, 'aws_vpc_security_group_egress_rule').filter((r) => r.body.from_port === 443);
    const publicRoute = https.some((r) => r.body.cidr_ipv4 === '0.0.0.0/0');
    for (const group of groups) {
      for (const service of needed) {
        const reached =
          publicRoute ||
          https.some(
            (r) =>
              reference(r.body.security_group_id) === `${group.address}.id` &&
              new RegExp(`\\b${service} (and [A-Za-z ]+ )?VPC endpoint|and ${service} VPC endpoints`).test(r.body.description ?? ''),
          );
        if (!reached)
          add(
            'service-path',
            group.address,
            `has no HTTPS egress to a ${service} VPC endpoint or a public route: from DMS 3.4.7 a replication instance in a private subnet needs one (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS")`,
          );
      }
    }
  },

  function internetEgress({ tf, add }) {
    for (const { address, body } of resourcesOfType(tf, 'aws_vpc_security_group_egress_rule')) {
      if ((body.cidr_ipv4 ?? '').endsWith('/0') && !/allowInternetEgress: (?!NO REASON)\S/.test(body.description ?? '')) {
        add('internet-egress', address, `allows egress to ${body.cidr_ipv4} without an allowInternetEgress reason`);
      }
    }
  },

  function nullableKeyTemplates({ tf, add }) {
    const tables = new Map(resourcesOfType(tf, 'aws_dynamodb_table').map((t) => [t.body.name, t.body]));
    for (const { address, body } of [
      ...resourcesOfType(tf, 'aws_dms_replication_task'),
      ...resourcesOfType(tf, 'aws_dms_replication_config'),
    ]) {
      for (const rule of embeddedJson(body.table_mappings)?.rules ?? []) {
        if (rule['rule-type'] !== 'object-mapping') continue;
        const table = tables.get(rule['target-table-name']);
        const indexKeys = new Set<string>(
          (table?.global_secondary_index ?? []).flatMap((g: Json) => [g.hash_key, g.range_key].filter(Boolean)),
        );
        for (const mapping of rule['mapping-parameters']?.['attribute-mappings'] ?? []) {
          const name = mapping['target-attribute-name'];
          if (indexKeys.has(name) && mapping.value === `\${${name}}`) {
            add(
              'nullable-key-template',
              address,
              `rule ${rule['rule-name']} writes index key ${name} of ${table.name} through the template \${${name}}: DMS's own copy of the same-named column skips NULL, what the template renders for NULL is not documented`,
            );
          }
        }
      }
    }
  },

  function stagingEncryptionChange({ tf, add }) {
    for (const { address, body } of resourcesOfType(tf, 'aws_dms_endpoint')) {
      if (!body.redshift_settings) continue;
      const mode = [body.redshift_settings].flat()[0]?.encryption_mode ?? 'SSE_S3';
      const triggers: string[] = (body.lifecycle?.replace_triggered_by ?? []).map(reference);
      const marker = triggers.map((t) => t.replace(/\.input$|\.output$/, '')).find((t) => t.startsWith('terraform_data.'));
      const recorded = marker ? tf.resource?.terraform_data?.[marker.split('.')[1]]?.triggers_replace?.encryption_mode : undefined;
      if (recorded !== mode)
        add(
          'staging-encryption-change',
          address,
          `is not replaced when the staging encryption mode (${mode}) changes: DMS cannot modify an endpoint from SSE_S3 to SSE_KMS (RedshiftSettings.EncryptionMode), so the change would fail at apply`,
        );
    }
  },

  function logGroupRetention({ tf, add }) {
    for (const { address, body } of resourcesOfType(tf, 'aws_cloudwatch_log_group')) {
      if (!body.retention_in_days) add('log-group-retention', address, `${body.name} keeps logs forever (no retention_in_days)`);
    }
  },
];

const suppressionsSchema = z.strictObject({
  suppressions: z.array(
    z.strictObject({
      stack: z.string().min(1, 'must name a stack'),
      check: z.enum(Object.keys(SECURITY_CHECKS) as [SecurityCheck, ...SecurityCheck[]], {
        error: `must be one of ${Object.keys(SECURITY_CHECKS).join(', ')}`,
      }),
      resource: z.string().regex(/^[a-z0-9_]+\.[A-Za-z0-9_-]+$/, 'must be a resource address such as aws_iam_role.dms_s3_role'),
      reason: z.string().trim().min(20, 'must say why this finding is acceptable (at least 20 characters)'),
    }),
  ),
});

export type Suppression = z.infer<typeof suppressionsSchema>['suppressions'][number];

/** The suppression file; problems as `path: message`. A missing file means no suppressions. */
export function loadSuppressions(file: string): { suppressions: Suppression[]; problems: string[] } {
  if (!fs.existsSync(file)) return { suppressions: [], problems: [] };
  const input = readInputFile(file);
  if (input.problem !== undefined) return { suppressions: [], problems: [`${file}: ${input.problem}`] };
  const json = parseJson(input.text);
  if (json.problem !== undefined)
    return { suppressions: [], problems: [`${file}: not JSON: ${json.problem.replace(/^is not valid JSON: /, '')}`] };
  const data = json.value;
  const parsed = suppressionsSchema.safeParse(data);
  if (parsed.success) return { suppressions: parsed.data.suppressions, problems: [] };
  return {
    suppressions: [],
    problems: parsed.error.issues.map(
      (issue) =>
        `${file}: ${issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')}: ${issue.message}`,
    ),
  };
}

/** Marks suppressed findings; a suppression matching none of them is a problem (fail closed on stale entries). */
export function applySuppressions(findings: SecurityFinding[], suppressions: readonly Suppression[], stacks: readonly string[]): string[] {
  const problems: string[] = [];
  suppressions.forEach((suppression, index) => {
    const matches = findings.filter(
      (f) => f.stack === suppression.stack && f.check === suppression.check && f.resource === suppression.resource,
    );
    if (matches.length === 0) {
      // Only stacks under review can prove a suppression stale.
      if (stacks.includes(suppression.stack))
        problems.push(
          `suppressions[${index}]: matches no ${suppression.check} finding on ${suppression.stack} ${suppression.resource}; remove it`,
        );
      return;
    }
    for (const finding of matches) finding.suppressed = suppression.reason;
  });
  return problems;
}
