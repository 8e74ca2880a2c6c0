/**
 * Reading a synthesized `cdktf.out` tree: the stacks the manifest lists and each stack's Terraform JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { readJsonFile } from '../core/input-file';
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
  if (!fs.existsSync(manifestFile)) throw new UserError(`${outdir} has no manifest.json: run npm run synth first`);
  const manifest = readJsonObject(manifestFile);
  const stacks: unknown = manifest.stacks;
  if (stacks === null || typeof stacks !== 'object' || Array.isArray(stacks))
    throw new UserError(`${manifestFile}: has no "stacks" object; is this a cdktf.out? Run npm run synth`);
  return Object.entries(stacks)
    .map(([name, stack]: [string, unknown]) => {
      const stackPath =
        stack !== null && typeof stack === 'object' && 'synthesizedStackPath' in stack ? stack.synthesizedStackPath : undefined;
      if (typeof stackPath !== 'string') throw new UserError(`${manifestFile}: stacks.${name}.synthesizedStackPath is not a path`);
      const file = path.join(outdir, stackPath);
      if (!file.endsWith('.json')) throw new UserError(`${file}: review reads JSON output; synthesize without --hcl`);
      return { name, tf: readJsonObject(file) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A JSON file that must hold an object; anything else is a UserError naming the file (line:column for syntax). */
function readJsonObject(file: string): Json {
  const parsed = readJsonFile(file, Number.MAX_SAFE_INTEGER);
  if (parsed.problem !== undefined) throw new UserError(`${file} ${parsed.problem}`);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
    throw new UserError(`${file} is not a JSON object`);
  return parsed.value;
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
