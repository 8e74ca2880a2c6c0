/**
 * Running the real Terraform CLI on synthesized stacks without network or AWS credentials.
 *
 * - Providers come from a filesystem mirror named by `TF_PLUGIN_MIRROR` (found by `.ci/run`), through a CLI
 *   config this module writes; nothing is downloaded.
 * - Plans run on a copy of the stack directory with an override file: local backend, fake credentials, the
 *   provider's skip flags, and no `allowed_account_ids` (which needs a real account lookup).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const OVERRIDE_FILE = 'zz_offline_override.tf.json';

/** Where `terraform providers mirror` output is looked for when TF_PLUGIN_MIRROR is not set (git-ignored). */
export const PROJECT_MIRROR_DIR = '.terraform-mirror';

/**
 * The provider mirror for offline runs: TF_PLUGIN_MIRROR, else the project's `.terraform-mirror/`. Never a
 * search of the disk: which providers a plan uses must not depend on what happens to be installed elsewhere.
 */
export function findPluginMirror(env: NodeJS.ProcessEnv, root: string): { mirror?: string; problem?: string } {
  const holdsAws = (dir: string) => fs.existsSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws'));
  if (env.TF_PLUGIN_MIRROR) {
    const mirror = path.resolve(env.TF_PLUGIN_MIRROR);
    return holdsAws(mirror)
      ? { mirror }
      : { problem: `TF_PLUGIN_MIRROR=${env.TF_PLUGIN_MIRROR} holds no registry.terraform.io/hashicorp/aws` };
  }
  const local = path.join(root, PROJECT_MIRROR_DIR);
  if (holdsAws(local)) return { mirror: local };
  return {
    problem: `no provider mirror: set TF_PLUGIN_MIRROR, or create ${PROJECT_MIRROR_DIR}/ once with network (cd cdktf.out/stacks/<stack> && terraform providers mirror ../../../${PROJECT_MIRROR_DIR})`,
  };
}

export interface TerraformEnvironment {
  readonly cliConfigFile: string;
  readonly env: NodeJS.ProcessEnv;
}

export function terraformAvailable(): boolean {
  return spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The GOGC for offline Terraform runs. Terraform and the aws provider are short-lived Go processes that decode
 * the provider's whole schema (every resource type) on each command: at Go's default GOGC=100 the collector
 * runs again and again over that heap. 400 trades ~5 % more peak memory for ~20 % less CPU per plan (measured
 * on a plan of redshift-fed-prod). A GOGC the caller set wins. https://pkg.go.dev/runtime#hdr-Environment_Variables
 */
export function terraformGoGc(): string {
  return process.env.GOGC || '400';
}

/** A CLI config that installs every registry.terraform.io provider from the mirror and nothing from the net. */
export function offlineTerraformEnvironment(mirror: string, workDir: string): TerraformEnvironment {
  const cliConfigFile = path.join(workDir, 'terraform-offline.tfrc');
  fs.mkdirSync(workDir, { recursive: true });
  fs.writeFileSync(
    cliConfigFile,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/*/*"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/*/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return {
    cliConfigFile,
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfigFile,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      GOGC: terraformGoGc(),
      // Never let a developer's real credentials or profile reach these runs.
      AWS_ACCESS_KEY_ID: 'offline-test',
      AWS_SECRET_ACCESS_KEY: 'offline-test',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  };
}

/** The provider half of the offline override: test credentials, no account lookups. */
export function offlineProviderOverride(region: string): Record<string, unknown> {
  return {
    provider: {
      aws: {
        region,
        access_key: 'offline-test',
        secret_key: 'offline-test',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        allowed_account_ids: null,
      },
    },
  };
}

/** The override that makes a stack plannable offline: a local backend plus the provider override. */
export function offlineOverride(region: string): Record<string, unknown> {
  return { terraform: { backend: { local: { path: 'terraform.tfstate' } } }, ...offlineProviderOverride(region) };
}

/**
 * Copy a synthesized stack directory and drop the override file in. The stack's own backend block is replaced
 * by the override: Terraform merges override files, so an `s3` backend becomes `local`.
 */
export function offlineCopy(stackDir: string, targetDir: string, override: Record<string, unknown>): string {
  fs.rmSync(targetDir, { recursive: true, force: true });
  fs.mkdirSync(targetDir, { recursive: true });
  for (const entry of fs.readdirSync(stackDir)) {
    if (entry === '.terraform' || entry.endsWith('.tfstate')) continue;
    fs.cpSync(path.join(stackDir, entry), path.join(targetDir, entry), { recursive: true });
  }
  fs.writeFileSync(path.join(targetDir, OVERRIDE_FILE), JSON.stringify(override, null, 2));
  return targetDir;
}

export interface TerraformResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): TerraformResult {
  const result: SpawnSyncReturns<string> = spawnSync('terraform', args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Asynchronous variant, so independent stacks can init/plan in parallel. */
export function terraformAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** Fails with Terraform's own output when a command does not succeed. */
export function expectSuccess(result: TerraformResult, what: string): TerraformResult {
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}

export function temporaryDirectory(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}
