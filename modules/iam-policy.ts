/**
 * IAM policy documents as plain data, rendered to JSON with a stable key order so that synthesized output is
 * deterministic and reviewers see one statement per purpose.
 */

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

/** `sts:AssumeRole` for AWS service principals, without conditions (see modules/dms-iam for why). */
export function trustPolicy(servicePrincipals: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: servicePrincipals.length === 1 ? servicePrincipals[0] : servicePrincipals },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}
