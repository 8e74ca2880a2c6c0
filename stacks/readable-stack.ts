/**
 * Terraform addresses a person would write by hand: a resource's construct id is its Terraform name
 * (`aws_dms_replication_instance.replication_instance`), with no path prefix and no hash suffix.
 *
 * Construct ids must therefore be snake_case and unique per resource type within a stack. A clash is a
 * programming error and fails synthesis with both construct paths, instead of cdktf silently merging them.
 */
import type { Node } from 'constructs';
import {
  type Construct,
  TerraformDataSource,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from '../platform/cdktf';
import { STACK_MARKER_OUTPUT } from './stack-marker';

const TERRAFORM_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The Terraform versions every stack needs: S3-native state locking (`use_lockfile`) is 1.10+ (GA in 1.11), and
 * the stacks use `import` (1.5), `removed` (1.7) and `terraform_data` (1.4) blocks. Terraform itself enforces
 * this at `init`/`plan`, with its own clear error; the cdktf check that would run `terraform version` at synth
 * is switched off in platform/cdktf.ts.
 */
const REQUIRED_TERRAFORM_VERSION = '>= 1.10';

/** A stack whose elements are addressed by their construct id. Every stack of this project extends it. */
export class ReadableStack extends TerraformStack {
  private readonly owners = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    new TerraformOutput(this, STACK_MARKER_OUTPUT, {
      description: 'The dms-cdktf stack this state belongs to (read by npm run review -- --plan).',
      value: id,
    });
  }

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const name = node.id;
    if (!TERRAFORM_NAME.test(name)) {
      throw new Error(`construct id "${name}" at ${node.path} is not a Terraform name (lowercase snake_case)`);
    }
    if (TerraformElement.isTerraformElement(element)) {
      const key = `${kindOf(element)}.${name}`;
      const owner = this.owners.get(key);
      if (owner !== undefined && owner !== node.path) {
        throw new Error(`Terraform address ${key} is claimed by both ${owner} and ${node.path}`);
      }
      this.owners.set(key, node.path);
    }
    return name;
  }
}

/** The namespace an element's name lives in: resource type, `data.<type>`, or the element class. */
function kindOf(element: TerraformElement): string {
  if (TerraformResource.isTerraformResource(element)) return element.terraformResourceType;
  if (TerraformDataSource.isTerraformDataSource(element)) return `data.${element.terraformResourceType}`;
  if (TerraformProvider.isTerraformProvider(element)) return `provider.${element.terraformResourceType}`;
  return element.constructor.name;
}
