/**
 * `terraform validate` of many synthesized stack directories in one Terraform run.
 *
 * Every Terraform command loads the AWS provider's schema first (about 2.4 CPU-seconds, more than validating a
 * stack takes), so validating N stacks one by one pays that N times. Here a throwaway root module calls each
 * stack directory, unchanged, as a child module, and one `init -backend=false` plus one `validate -json` cover
 * them all. Terraform names this use itself: "it's sometimes convenient to temporarily call a root module as a
 * child module for testing purposes". Each stack keeps its own provider blocks, so those are validated too.
 * Left alone, Terraform would start one provider process per stack's provider configuration; `validate` runs
 * on one attached provider process instead (support/reattached-provider.ts `validateAttached`): the
 * stack-variants, batch and pipeline-stack Terraform suites together measured 80.6 / 87.2 → 69.5 / 67.1 CPU-s.
 *
 * What calling a stack as a module changes, and how it is undone:
 * - Terraform warns "Backend configuration ignored" once per child backend block. That warning (by summary and
 *   snippet context) is dropped: it describes the combination, not the stack.
 * - `import` blocks are only allowed in the root module, so a stack that has any is validated as its own root.
 * - Diagnostics are handed to the stack whose directory holds the file they point at. One that points nowhere
 *   known goes to every stack, and any error at all marks every stack invalid (Terraform may have stopped before
 *   validating the others): the helper fails closed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectSuccess, type TerraformEnvironment, terraformAsync } from '../../app/terraform-offline';
import { validateAttached } from './reattached-provider';

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string };
  snippet?: { context?: string | null };
}

export interface ValidateResult {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: Diagnostic[];
}

/** `severity: summary: detail` per diagnostic, for `toEqual([])` messages that say what Terraform said. */
export const diagnosticsOf = (result: ValidateResult): string[] =>
  result.diagnostics.map((d) => `${d.severity}: ${d.summary}: ${d.detail ?? ''}`);

const BACKEND_IGNORED = 'Backend configuration ignored';
/** The snippet context of that warning: `terraform.backend` in JSON, the enclosing `terraform` block in HCL. */
const BACKEND_CONTEXTS: (string | null | undefined)[] = ['terraform.backend', 'terraform'];

function hasImportBlocks(stackDir: string): boolean {
  return fs.readdirSync(stackDir).some((file) => {
    if (file.endsWith('.tf.json')) return 'import' in JSON.parse(fs.readFileSync(path.join(stackDir, file), 'utf8'));
    return file.endsWith('.tf') && /^import\s*\{/m.test(fs.readFileSync(path.join(stackDir, file), 'utf8'));
  });
}

function resultOf(diagnostics: Diagnostic[]): ValidateResult {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { valid: errors === 0, error_count: errors, warning_count: diagnostics.length - errors, diagnostics };
}

async function validateRoot(root: string, tf: TerraformEnvironment): Promise<ValidateResult> {
  expectSuccess(await terraformAsync(['init', '-backend=false', '-input=false', '-no-color'], root, tf.env), `init ${root}`);
  const { stdout, stderr } = await validateAttached(root, tf.env);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`terraform validate in ${root} printed no JSON:\n${stderr}\n${stdout}`);
  }
}

/** Validate the stack directories `stackDirs` in as few Terraform runs as possible; a result per directory. */
export async function validateStacks(
  stackDirs: readonly string[],
  workDir: string,
  tf: TerraformEnvironment,
): Promise<Map<string, ValidateResult>> {
  const results = new Map<string, ValidateResult>();
  const alone = stackDirs.filter(hasImportBlocks);
  const together = stackDirs.filter((dir) => !alone.includes(dir));
  await Promise.all(alone.map(async (dir) => results.set(dir, await validateRoot(dir, tf))));
  if (together.length === 0) return results;

  const root = fs.mkdtempSync(path.join(workDir, 'validate-'));
  const source = (dir: string) => {
    // A local module source starts with ./ or ../ and uses forward slashes.
    const relative = path.relative(root, dir).split(path.sep).join('/');
    return relative.startsWith('../') ? relative : `./${relative}`;
  };
  const modules = together.map((dir, i) => [`stack_${i}`, { source: source(dir) }]);
  fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify({ module: Object.fromEntries(modules) }, null, 2));
  const combined = await validateRoot(root, tf);

  // Terraform reports files by their real path (it resolves links, such as cdktf.out's generation link).
  const real = together.map((dir) => fs.realpathSync(dir));
  const ownerOf = (d: Diagnostic): number | undefined => {
    if (!d.range) return undefined;
    const file = path.resolve(root, d.range.filename);
    const resolved = fs.existsSync(file) ? fs.realpathSync(file) : file;
    const index = real.findIndex((dir) => path.dirname(resolved) === dir);
    return index === -1 ? undefined : index;
  };
  const kept = combined.diagnostics.filter((d) => !(d.summary === BACKEND_IGNORED && BACKEND_CONTEXTS.includes(d.snippet?.context)));
  const anyError = kept.some((d) => d.severity === 'error');
  together.forEach((dir, i) => {
    const own = kept.filter((d) => {
      const owner = ownerOf(d);
      return owner === undefined || owner === i;
    });
    const stopped: Diagnostic[] =
      anyError && !own.some((d) => d.severity === 'error')
        ? [{ severity: 'error', summary: 'Not validated', detail: 'validating the stacks together stopped at errors in another stack' }]
        : [];
    results.set(dir, resultOf([...own, ...stopped]));
  });
  return results;
}
