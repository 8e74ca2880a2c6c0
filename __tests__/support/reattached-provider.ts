/**
 * Terraform commands run against an AWS provider process the test starts itself, in the provider's debug mode,
 * which Terraform attaches to through TF_REATTACH_PROVIDERS instead of starting the provider on its own
 * (https://developer.hashicorp.com/terraform/plugin/debugging#running-terraform-with-a-provider-in-debug-mode).
 *
 * Why: left alone, one `terraform plan` starts the 700 MB provider three times (to read its schema, to
 * validate, to plan) and every command first hashes the binary against the lock file. Attached, a plan and
 * the `show -json` after it start it once and hash nothing: about 1.3 CPU-s less per plan and 0.8 per show
 * (Terraform 1.11, aws 5.100, measured alternately four times each). The binary is the one `init` installed
 * in the root and the plan is Terraform's own; `show -json` of the same plan file prints the same bytes either
 * way.
 *
 * One process serves one plan, then only commands that read schemas (show): the provider keeps its
 * configuration in process globals, and configuring it a second time fails (with AWS_CA_BUNDLE set: "unable
 * to add custom RootCAs HTTPClient"). `validate` configures no provider, so one process serves every provider
 * configuration of a root that calls many stacks as modules, where Terraform would start one per configuration.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type TerraformResult, expectSuccess, terraformAsync } from '../../app/terraform-offline';
import type { Json } from '../../review/synthesized';

/** The aws provider binary `terraform init` installed in the root `dir`. */
function installedAwsProvider(dir: string): string {
  const base = path.join(dir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws');
  const found = fs
    .readdirSync(base)
    .flatMap((version) => fs.readdirSync(path.join(base, version)).map((platform) => path.join(base, version, platform)))
    .flatMap((folder) =>
      fs
        .readdirSync(folder)
        .filter((f) => f.startsWith('terraform-provider-aws'))
        .map((f) => path.join(folder, f)),
    );
  if (found.length !== 1) throw new Error(`expected one aws provider installed under ${base}, found ${found.length}`);
  return found[0];
}

/** Run `commands` with the environment that attaches Terraform to a fresh provider process; it ends afterwards. */
async function withAttachedProvider<T>(dir: string, env: NodeJS.ProcessEnv, commands: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  // TF_LOG=off: in debug mode the provider writes trace logs to stderr, megabytes per plan.
  const child = spawn(installedAwsProvider(dir), ['-debug'], { env: { ...env, TF_LOG: 'off' }, stdio: ['ignore', 'pipe', 'ignore'] });
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    const reattach = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(output);
        if (match) resolve(match[1]);
      });
      child.on('error', reject);
      child.on('close', (code) => reject(new Error(`the provider exited (${code}) before it was ready:\n${output}`)));
    });
    return await commands({ ...env, TF_REATTACH_PROVIDERS: reattach });
  } finally {
    child.kill('SIGTERM');
    await ended;
  }
}

/**
 * `plan -out=plan.bin` (with `planArgs`) and `show -json plan.bin` in the initialized root `dir`, on one attached
 * provider process: the plan's text output and the JSON `show` printed, as printed and parsed. `env` reaches the
 * provider too (endpoint variables). Only for roots with one aws provider configuration (see above): a root that
 * calls stacks as modules has several.
 */
export async function planAndShow(
  dir: string,
  env: NodeJS.ProcessEnv,
  planArgs: readonly string[] = [],
): Promise<{ text: string; shown: string; plan: Json }> {
  return withAttachedProvider(dir, env, async (attached) => {
    const planned = expectSuccess(
      await terraformAsync(['plan', '-input=false', '-no-color', '-out=plan.bin', ...planArgs], dir, attached),
      `plan in ${dir}`,
    );
    const shown = expectSuccess(await terraformAsync(['show', '-json', '-no-color', 'plan.bin'], dir, attached), `show in ${dir}`);
    return { text: planned.stdout, shown: shown.stdout, plan: JSON.parse(shown.stdout) };
  });
}

/**
 * `plan` (with `planArgs`, no plan file) in the initialized root `dir` on one attached provider process: the
 * result as printed. For plans whose text is all a test reads; the same one-configuration rule as planAndShow.
 */
export async function planAttached(dir: string, env: NodeJS.ProcessEnv, planArgs: readonly string[] = []): Promise<TerraformResult> {
  return withAttachedProvider(dir, env, (attached) => terraformAsync(['plan', '-input=false', '-no-color', ...planArgs], dir, attached));
}

/**
 * `validate -json` in the initialized root `dir` on one attached provider process, however many provider
 * configurations the root has (its stacks called as modules each bring theirs): Terraform's result as printed.
 */
export async function validateAttached(dir: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  return withAttachedProvider(dir, env, (attached) => terraformAsync(['validate', '-json', '-no-color'], dir, attached));
}
