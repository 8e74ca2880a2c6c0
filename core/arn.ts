/**
 * Amazon Resource Names, built from their parts and read back: `arn:partition:service:region:account-id:resource`
 * (IAM user guide, "IAM identifiers", ARNs). Global services (IAM, S3 buckets) leave region, and S3 buckets
 * account, empty.
 */

/** The partitions this project deploys to; GovCloud and China have their own (`aws-us-gov`, `aws-cn`). */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface ArnParts {
  partition: string;
  service: string;
  /** Empty for global resources (IAM, S3 buckets). */
  region: string;
  /** Empty for S3 buckets; `aws` for AWS managed IAM policies. */
  account: string;
  resource: string;
}

/** `arn({ partition: 'aws', service: 's3', resource: 'bucket' })` → `arn:aws:s3:::bucket`. */
export function arn({
  partition,
  service,
  region = '',
  account = '',
  resource,
}: Omit<ArnParts, 'region' | 'account'> & Partial<Pick<ArnParts, 'region' | 'account'>>): string {
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/** The parts of an ARN; undefined when the text is not one. The resource keeps its own colons. */
export function parseArn(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** The partition a region belongs to; ARNs and service principals are built from it. */
export function partitionOf(regionName: string): Partition {
  if (regionName.startsWith('cn-')) return 'aws-cn';
  if (regionName.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
