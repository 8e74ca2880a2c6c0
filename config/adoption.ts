/**
 * Adoption records (`config/adoption/<stack>.json`, written by `npm run adopt`, reviewed like code): what a stack
 * needs so its first plan against existing resources moves and imports them instead of replacing them.
 *
 * - `resources`: per address of this stack, the legacy address it moves from (a `moved` block) and the values the
 *   live resource already has for attributes that would otherwise force a replacement (names, descriptions,
 *   DMS identifiers), plus the running task's table mappings and settings, so the adoption does not modify it;
 * - `imports`: resources that exist in AWS but in no state (Terraform `import` blocks);
 * - `removed`: legacy resources the stack has no place for; they are forgotten (`removed { destroy = false }`),
 *   never destroyed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ValidationFailed, fromZodIssues, type ValidationIssue } from '../core/errors';
import { readJsonFile } from '../core/input-file';
import { projectRoot } from '../core/paths';

/**
 * Attributes an adoption may set, per resource type: the ones that force replacement, and the ones whose change
 * would touch the running replication: the task's documents (a task update stops it), the endpoints' secret
 * access role (an endpoint of a running task cannot be modified, terraform-provider-aws #27661), the inline
 * policy that role's access rests on, and inline security group rules (JSON; replaced rules are revoked first).
 */
export const ADOPTABLE_ATTRIBUTES: Record<string, readonly string[]> = {
  aws_iam_role: ['name', 'path'],
  aws_iam_role_policy: ['name', 'policy'],
  aws_security_group: ['name', 'description', 'egress'],
  aws_dms_replication_subnet_group: ['replication_subnet_group_id'],
  aws_dms_replication_instance: ['replication_instance_id'],
  aws_dms_endpoint: ['endpoint_id', 'secrets_manager_access_role_arn'],
  aws_dms_replication_task: ['replication_task_id', 'table_mappings', 'replication_task_settings'],
  aws_s3_bucket: ['bucket'],
  aws_cloudwatch_log_group: ['name'],
};

const ADDRESS = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const LEGACY_ADDRESS = /^(module\.[A-Za-z0-9_-]+(\["[^"]*"\]|\[\d+\])?\.)*[a-z0-9_]+\.[A-Za-z0-9_-]+(\["[^"]*"\]|\[\d+\])?$/;

const entry = z.strictObject({
  /** Address in the adopted state. */
  from: z.string().regex(LEGACY_ADDRESS, 'must be a Terraform resource address'),
  /** Live values of attributes that force replacement (and the task's mappings and settings). */
  set: z.record(z.string(), z.string()).default({}),
  /** The live security group has its rules inline: emit them inline too, never as separate rule resources. */
  inlineEgress: z.literal(true).optional(),
});

export const adoptionSchema = z
  .strictObject({
    $comment: z.string().optional(),
    stack: z.string().min(1, 'must not be empty'),
    /** The state the record was made from (`terraform state pull`). */
    adoptedFrom: z.strictObject({ lineage: z.string(), serial: z.number().int() }).optional(),
    resources: z
      .record(z.string().regex(ADDRESS, 'must be a resource address of the stack, e.g. aws_s3_bucket.staging'), entry)
      .default({}),
    imports: z
      .record(
        z.string().regex(ADDRESS, 'must be a resource address of the stack, e.g. aws_s3_bucket.staging'),
        z.string().min(1, 'must not be empty'),
      )
      .default({}),
    removed: z
      .array(
        z.strictObject({
          from: z.string().regex(LEGACY_ADDRESS, 'must be a Terraform resource address'),
          reason: z.string().min(1),
          /** dms-vpc-role, dms-cloudwatch-logs-role or their policy attachment: the account stack imports them. */
          accountRole: z.literal(true).optional(),
        }),
      )
      .default([]),
  })
  .superRefine((record, ctx) => {
    for (const [address, { set }] of Object.entries(record.resources)) {
      const type = address.split('.')[0];
      const allowed = ADOPTABLE_ATTRIBUTES[type] ?? [];
      for (const attribute of Object.keys(set)) {
        if (!allowed.includes(attribute)) {
          ctx.addIssue({
            code: 'custom',
            path: ['resources', address, 'set', attribute],
            message:
              allowed.length > 0 ? `is not adoptable on ${type} (only ${allowed.join(', ')})` : `${type} has no adoptable attributes`,
          });
        }
      }
      if (address in record.imports)
        ctx.addIssue({ code: 'custom', path: ['imports', address], message: 'is also moved from adopted state (resources)' });
    }
    for (const [address, id] of Object.entries(record.imports)) {
      const problem = importIdProblem(address.split('.')[0], id);
      if (problem) ctx.addIssue({ code: 'custom', path: ['imports', address], message: problem });
    }
  });

export type AdoptionRecord = z.infer<typeof adoptionSchema>;

const DMS_ID = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}$/;

/**
 * Import id formats, per type (terraform-provider-aws import docs): DMS resources by identifier, IAM by role name
 * (`role:policy` for inline policies, `role/policy-arn` for attachments), EC2 by `sg-`/`sgr-` id, S3 by bucket name,
 * log groups by name. A type not listed is refused: an id of unknown shape fails at plan time, after review.
 */
const IMPORT_ID_SHAPES: Record<string, { pattern: RegExp; shape: string }> = {
  aws_dms_replication_task: {
    pattern: DMS_ID,
    shape: 'a replication task identifier (letters, digits, hyphens; starts with a letter; no "--")',
  },
  aws_dms_replication_instance: { pattern: DMS_ID, shape: 'a replication instance identifier' },
  aws_dms_endpoint: { pattern: DMS_ID, shape: 'an endpoint identifier' },
  aws_dms_replication_subnet_group: { pattern: /^[A-Za-z0-9 ._-]{1,255}$/, shape: 'a replication subnet group identifier' },
  aws_dms_event_subscription: { pattern: /^[A-Za-z0-9-]{1,255}$/, shape: 'an event subscription name' },
  aws_iam_role: { pattern: /^[\w+=,.@-]{1,64}$/, shape: 'a role name' },
  aws_iam_role_policy: { pattern: /^[\w+=,.@-]{1,64}:[\w+=,.@-]{1,128}$/, shape: 'role-name:policy-name' },
  aws_iam_role_policy_attachment: {
    pattern: /^[\w+=,.@-]{1,64}\/arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/,
    shape: 'role-name/policy-arn',
  },
  aws_security_group: { pattern: /^sg-[0-9a-f]{8,17}$/, shape: 'a security group id (sg-...)' },
  aws_vpc_security_group_egress_rule: { pattern: /^sgr-[0-9a-f]{8,17}$/, shape: 'a security group rule id (sgr-...)' },
  aws_s3_bucket: { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, shape: 'a bucket name' },
  aws_cloudwatch_log_group: { pattern: /^[\w#/.-]{1,512}$/, shape: 'a log group name' },
  aws_dynamodb_table: { pattern: /^[A-Za-z0-9_.-]{3,255}$/, shape: 'a table name' },
  aws_sns_topic: { pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, shape: 'a topic ARN' },
};

/** For types imported by their identifier: the attribute holding it, which the stack then sets to the import id. */
export const IMPORT_ID_ATTRIBUTE: Record<string, string> = {
  aws_dms_replication_task: 'replication_task_id',
  aws_dms_replication_instance: 'replication_instance_id',
  aws_dms_endpoint: 'endpoint_id',
  aws_dms_replication_subnet_group: 'replication_subnet_group_id',
  aws_dms_event_subscription: 'name',
  aws_iam_role: 'name',
  aws_s3_bucket: 'bucket',
  aws_cloudwatch_log_group: 'name',
  aws_dynamodb_table: 'name',
};

/** Why `id` cannot be the import id of a `type`, or undefined when it has the right shape. */
export function importIdProblem(type: string, id: string): string | undefined {
  const shape = IMPORT_ID_SHAPES[type];
  if (!shape) return `${type} cannot be imported by npm run adopt (known: ${Object.keys(IMPORT_ID_SHAPES).sort().join(', ')})`;
  if (type === 'aws_dms_replication_task' && id.startsWith('arn:'))
    return 'must be the task identifier, not its ARN (the provider imports tasks by replication_task_id)';
  return shape.pattern.test(id) ? undefined : `must be ${shape.shape}, not ${JSON.stringify(id)}`;
}

export function adoptionDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DMS_ADOPTION_DIR ? path.resolve(env.DMS_ADOPTION_DIR) : path.join(projectRoot(), 'config', 'adoption');
}

export function adoptionFile(dir: string, stack: string): string {
  return path.join(dir, `${stack}.json`);
}

/** Validate a parsed record; `where` prefixes every issue path (the file name). */
export function parseAdoption(value: unknown, where: string, stack: string): AdoptionRecord {
  const result = adoptionSchema.safeParse(value);
  if (!result.success) {
    throw new ValidationFailed(
      fromZodIssues(result.error.issues).map((issue) => ({ ...issue, path: issue.path ? `${where}: ${issue.path}` : where })),
    );
  }
  if (result.data.stack !== stack)
    throw new ValidationFailed([
      { path: `${where}: stack`, message: `is ${JSON.stringify(result.data.stack)}, but the file is for ${stack}` },
    ]);
  return result.data;
}

/** The record of each named stack that has one; every problem across files is reported together. */
export function loadAdoptions(dir: string, stacks: readonly string[]): Map<string, AdoptionRecord> {
  const records = new Map<string, AdoptionRecord>();
  const issues: ValidationIssue[] = [];
  for (const stack of stacks) {
    const file = adoptionFile(dir, stack);
    if (!fs.existsSync(file)) continue;
    const where = path.relative(process.cwd(), file) || file;
    const { value, problem } = readJsonFile(file);
    if (problem !== undefined) {
      issues.push({ path: where, message: problem });
      continue;
    }
    try {
      records.set(stack, parseAdoption(value, where, stack));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ValidationFailed(issues);
  return records;
}
