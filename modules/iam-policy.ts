/**
 * IAM policy documents as plain data, rendered to JSON with a stable key order so that synthesized output is
 * deterministic and reviewers see one statement per purpose.
 */
import { arn } from '../core/arn';

export interface PolicyStatement {
  /** Why the statement exists; shown in review. */
  sid: string;
  effect?: 'Allow' | 'Deny';
  /** Only for resource and key policies: `*` (everyone; used with Deny), an account, or service principals. */
  principal?: '*' | { AWS: string } | { Service: string[] };
  actions: string[];
  resources: string[];
  conditions?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect ?? 'Allow',
      ...(s.principal ? { Principal: principalJson(s.principal) } : {}),
      Action: s.actions.length === 1 ? s.actions[0] : s.actions,
      Resource: s.resources.length === 1 ? s.resources[0] : s.resources,
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  });
}

function principalJson(principal: NonNullable<PolicyStatement['principal']>) {
  if (principal === '*' || 'AWS' in principal) return principal;
  return { Service: principal.Service.length === 1 ? principal.Service[0] : principal.Service };
}

/** The partition's DNS suffix (the provider's `aws_partition.dns_suffix`): service endpoints end in it. */
export function dnsSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * `kms:ViaService` is the name of the service endpoint that calls KMS for the principal (AWS KMS developer
 * guide, "kms:ViaService"), so it carries the partition's DNS suffix: `s3.cn-north-1.amazonaws.com.cn`.
 */
export function kmsViaService(service: string, region: string, partition: string): string {
  return `${service}.${region}.${dnsSuffix(partition)}`;
}

/**
 * Service principals keep the global `<service>.amazonaws.com` form in every partition this project supports,
 * China and GovCloud included (provider docs, data source `aws_service_principal`: only some ISO partitions
 * differ). The regional DMS principal the secrets role trusts follows the same rule (README: Security, what
 * could not be verified offline).
 */
export function servicePrincipal(service: string, region?: string): string {
  return region ? `${service}.${region}.amazonaws.com` : `${service}.amazonaws.com`;
}

/**
 * Cross-service confused deputy conditions for a role or resource policy that DMS uses on this account's behalf
 * (AWS DMS user guide, "Cross-service confused deputy prevention", DMS 3.4.7 and later): only DMS resources of
 * this account and region may use it.
 */
export function dmsSourceConditions(
  partition: string,
  region: string,
  accountId: string,
  resource = '*',
): NonNullable<PolicyStatement['conditions']> {
  return {
    StringEquals: { 'aws:SourceAccount': accountId },
    ArnLike: { 'aws:SourceArn': arn({ partition, service: 'dms', region, account: accountId, resource }) },
  };
}

export interface TrustStatement {
  readonly servicePrincipals: string[];
  /** Default: none (the account-global DMS roles, see modules/dms-iam for why). */
  readonly conditions?: PolicyStatement['conditions'];
}

/** `sts:AssumeRole` for AWS service principals: one statement per group of principals sharing conditions. */
export function trustPolicy(servicePrincipals: string[] | TrustStatement[]): string {
  const statements: TrustStatement[] =
    typeof servicePrincipals[0] === 'string'
      ? [{ servicePrincipals: servicePrincipals as string[] }]
      : (servicePrincipals as TrustStatement[]);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => ({
      Effect: 'Allow',
      Principal: { Service: statement.servicePrincipals.length === 1 ? statement.servicePrincipals[0] : statement.servicePrincipals },
      Action: 'sts:AssumeRole',
      ...(statement.conditions ? { Condition: statement.conditions } : {}),
    })),
  });
}
