/**
 * `DmsAccountStack` (`dms-account-<account id>`): the account baseline, `dms-vpc-role` and
 * `dms-cloudwatch-logs-role`, in a stack of their own. They are account-global (every DMS workload of the
 * account uses them), so they must outlive any pipeline: destroying or renaming a pipeline stack no longer
 * touches them, and `prevent_destroy` refuses a plan that would delete them here.
 *
 * The stack exists when a pipeline of the account asks for `accountRoles: create` or `import`. Pipeline stacks
 * reference the roles by name only (DMS looks them up by name): nothing of this stack is read at plan time.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { partitionOf } from '../config/rules';
import type { ResolvedPipeline } from '../config/resolved';
import { DmsAccountRoles } from '../modules/dms-iam';
import { type App, type Construct, TerraformOutput } from '../platform/cdktf';
import { configureBackend } from './backend';
import { ReadableStack } from './readable-stack';

/** State key `account/dms-account-<id>/terraform.tfstate`: not one environment's, the account's. */
const ACCOUNT_ENVIRONMENT = 'account';

function accountStackName(accountId: string): string {
  return `dms-account-${accountId}`;
}

export class DmsAccountStack extends ReadableStack {
  /**
   * The account stack a pipeline asks for (one per account; validation allows one managing pipeline per
   * account), created on first request. Undefined when the pipeline leaves the roles to someone else.
   */
  static forPipeline(app: Construct, pipeline: ResolvedPipeline): DmsAccountStack | undefined {
    const mode = pipeline.accountRoles;
    if (mode !== 'create' && mode !== 'import') return undefined;
    const existing = app.node.tryFindChild(accountStackName(pipeline.accountId));
    if (existing instanceof DmsAccountStack) return existing;
    return new DmsAccountStack(app as App, pipeline, mode);
  }

  private constructor(scope: App, pipeline: ResolvedPipeline, mode: 'create' | 'import') {
    super(scope, accountStackName(pipeline.accountId));
    this.addOverride('terraform.required_providers.aws.source', 'hashicorp/aws');
    // The managing pipeline's backend, under the account's own key (Terraform Cloud: a workspace of its own).
    const backend = pipeline.backend.type === 'cloud' ? { ...pipeline.backend, workspace: undefined } : pipeline.backend;
    configureBackend(this, backend, ACCOUNT_ENVIRONMENT);
    new AwsProvider(this, 'aws', {
      region: pipeline.region,
      allowedAccountIds: [pipeline.accountId],
      defaultTags: [{ tags: { ManagedBy: 'dms-cdktf', Stack: this.node.id } }],
    });
    const roles = new DmsAccountRoles(this, 'account_roles', { partition: partitionOf(pipeline.region), mode });
    new TerraformOutput(this, 'dms_account_role_names', {
      description: 'Account-global roles DMS looks up by name; pipeline stacks rely on them without reading this state.',
      value: roles.roleNames,
    });
  }
}
