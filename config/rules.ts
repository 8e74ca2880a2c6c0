/**
 * Field-level rules shared by the pipeline schema: identifiers, ARNs, network ids. Each builder returns a zod
 * schema whose message is what the user sees after the field's path, so messages say what is expected.
 */
import { z } from 'zod';
import { CONTROL_CHARACTER } from '../core/text';
import { intBetween } from '../mappings/fields';

export { intBetween };

/**
 * DMS identifiers (replication instance, endpoint, task, subnet group): a letter first, then letters, digits or
 * hyphens, no two consecutive hyphens, no trailing hyphen.
 * Source: AWS DMS API reference, CreateReplicationInstance/CreateEndpoint/CreateReplicationTask identifier rules.
 */
export function dmsIdentifier(maxLength: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(/^[A-Za-z]/, 'must start with a letter')
    .regex(/^[A-Za-z0-9-]*$/, 'may contain only letters, digits and hyphens')
    .refine((value) => !value.includes('--'), 'must not contain two consecutive hyphens')
    .refine((value) => !value.endsWith('-'), 'must not end with a hyphen');
}

/** Stack names become directory names, state keys and prefixes of IAM role names (64-character limit). */
export const stackName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'must be lowercase letters, digits and hyphens, starting with a letter')
  .max(40, 'must be at most 40 characters (it prefixes IAM role names, which are limited to 64)')
  .refine((value) => !value.includes('--'), 'must not contain two consecutive hyphens');

export const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens, starting with a letter');

export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

export const region = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/, 'must be an AWS region such as us-west-2');

export const vpcId = z.string().regex(/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a VPC id (vpc- and 8 or 17 hex digits)');
export const subnetId = z.string().regex(/^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a subnet id (subnet- and 8 or 17 hex digits)');
export const prefixListId = z.string().regex(/^pl-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a prefix list id (pl- and hex digits)');

/**
 * An IPv4 network: the address must be the network address of its prefix, as the provider requires
 * (terraform-provider-aws verify.ValidateIPv4CIDRBlock: "is not a valid IPv4 CIDR block; did you mean ...?"),
 * so `terraform validate` would fail on `10.40.0.1/16`.
 */
export const cidrV4 = z.cidrv4('must be an IPv4 CIDR block such as 10.0.0.0/16').superRefine((value, ctx) => {
  const network = cidrNetwork(value);
  if (network !== undefined && network !== value)
    ctx.addIssue({ code: 'custom', message: `${value} has host bits set; did you mean ${network}? (the provider rejects it)` });
});

/** `10.40.0.1/16` → `10.40.0.0/16`; undefined when not a CIDR. */
function cidrNetwork(cidr: string): string | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return undefined;
  const [a, b, c, d, bits] = match.slice(1).map(Number);
  const address = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const network = (address & mask) >>> 0;
  return `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${bits}`;
}

export const port = intBetween(1, 65535);

/** Host names as DMS accepts them in ServerName: DNS names or IPv4 addresses, no scheme or port. */
export const hostName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    'must be a host name or IPv4 address without scheme or port',
  );

/** Partition-qualified ARN of one service; account and region are checked against the pipeline separately. */
function arnOf(service: string, resourcePattern: RegExp, example: string) {
  const pattern = new RegExp(`^arn:aws(-cn|-us-gov)?:${service}:[a-z0-9-]+:\\d{12}:${resourcePattern.source}$`);
  return z.string().regex(pattern, `must be a ${service} ARN such as ${example}`);
}

export const secretArn = arnOf(
  'secretsmanager',
  /secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}/,
  'arn:aws:secretsmanager:us-west-2:123456789012:secret:dms/source-AbCdEf',
);

export const kmsKeyArn = arnOf(
  'kms',
  /key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})/,
  'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
);

// Stacks read the partition from here; it is defined with the ARN builder.
export { partitionOf } from '../core/arn';

/**
 * S3 bucket naming rules (S3 user guide, "General purpose bucket naming rules"); dots are excluded because
 * they break TLS certificate matching for virtual-hosted-style access.
 */
export const bucketName = z
  .string()
  .min(3, 'must be between 3 and 63 characters')
  .max(63, 'must be between 3 and 63 characters')
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'must be lowercase letters, digits and hyphens, starting and ending with a letter or digit')
  .refine((value) => !value.includes('--'), 'must not contain two consecutive hyphens');

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = z
  .number()
  .refine((value) => (LOG_RETENTION_DAYS as readonly number[]).includes(value), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`);

/**
 * Text that names something (tags, tables, schemas): no control characters (NUL, line breaks, escapes), which
 * no AWS name accepts and which usually come from a bad paste.
 */
export function plainText(message = 'must not contain control characters') {
  return z.string().refine((value) => !CONTROL_CHARACTER.test(value), message);
}

/**
 * AWS tag rules: keys 1–128 characters not starting with `aws:`, values up to 256 characters, neither with
 * control characters (tagging best practices: letters, numbers, spaces and + - = . _ : / @).
 */
export const tags = z.record(
  z
    .string()
    .min(1, 'tag keys must not be empty')
    .max(128, 'tag keys must be at most 128 characters')
    .refine((key) => !key.toLowerCase().startsWith('aws:'), 'tag keys must not start with "aws:"')
    .refine((key) => !CONTROL_CHARACTER.test(key), 'tag keys must not contain control characters'),
  z
    .string()
    .max(256, 'must be at most 256 characters')
    .refine((value) => !CONTROL_CHARACTER.test(value), 'must not contain control characters'),
);
