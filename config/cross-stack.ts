/**
 * Values one stack of this app publishes for others, in SSM Parameter Store: a consumer reads the few
 * parameters it needs (data source `aws_ssm_parameter`) instead of the producer's whole state
 * (`terraform_remote_state` exposes every output and, through the state file, every attribute). Both sides
 * derive the names from here, from the producer's stack name: nothing is typed twice.
 */

/** What a stack that creates its replication instance publishes. */
export const PUBLISHED_OUTPUTS = ['replication_instance_arn', 'replication_instance_id'] as const;
export type PublishedOutput = (typeof PUBLISHED_OUTPUTS)[number];

/** `/dms-cdktf/<stack>/<output>`: one path per producer stack, readable with ssm:GetParametersByPath. */
export function ssmParameterName(stack: string, output: string): string {
  return `/dms-cdktf/${stack}/${output}`;
}

/** The outputs a pipeline publishes: an owned instance's ARN and id; nothing otherwise. */
export function publishedOutputs(pipeline: { replicationInstance: { from: string } }): readonly PublishedOutput[] {
  return pipeline.replicationInstance.from === 'this-stack' ? PUBLISHED_OUTPUTS : [];
}
