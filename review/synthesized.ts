/**
 * Reading a synthesized `cdktf.out` tree: the stacks the manifest lists and each stack's Terraform JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromTerraformLiteral } from '../core/terraform-literal';

/**
 * Terraform's JSON (synthesized stacks, `terraform show -json` plans, state v4) as the review, the adoption and
 * their tests read it: by path, `tf.resource.aws_dms_endpoint.source.endpoint_id`, each reader checking what it
 * reads. Its real shape is the provider schema of every resource type; this project does not model it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one loosely typed value, see above
export type Json = any;

export interface SynthesizedStack {
  name: string;
  tf: Json;
}

export function readSynthesizedTree(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${outdir} has no manifest.json: run npm run synth first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return Object.entries(manifest.stacks)
    .map(([name, stack]) => {
      const file = path.join(outdir, stack.synthesizedStackPath);
      if (!file.endsWith('.json')) throw new Error(`${file}: review reads JSON output; synthesize without --hcl`);
      return { name, tf: JSON.parse(fs.readFileSync(file, 'utf8')) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface Resource {
  type: string;
  name: string;
  address: string;
  body: Json;
}

/** Resources without cdktf's `//` metadata, sorted by address. */
export function resourcesOf(tf: Json): Resource[] {
  const resources: Resource[] = [];
  for (const [type, byName] of Object.entries<Json>(tf.resource ?? {})) {
    for (const [name, body] of Object.entries<Json>(byName)) {
      const { '//': _metadata, ...rest } = body;
      resources.push({ type, name, address: `${type}.${name}`, body: rest });
    }
  }
  return resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

export function resourcesOfType(tf: Json, type: string): Resource[] {
  return resourcesOf(tf).filter((resource) => resource.type === type);
}

/** `${aws_iam_role.dms_s3_role.arn}` → `aws_iam_role.dms_s3_role.arn`; other values unchanged. */
export function reference(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const match = /^\$\{([^}]+)\}$/.exec(value);
  return match ? match[1] : value;
}

/** Parse a JSON-in-a-string attribute (policies, table mappings, task settings), undoing Terraform escapes. */
export function embeddedJson(value: unknown): Json {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(fromTerraformLiteral(value));
  } catch {
    return undefined;
  }
}
