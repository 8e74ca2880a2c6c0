/**
 * Terraform reads every string in its configuration as a template: `${...}` interpolates and `%{...}` is a
 * directive. Text that must reach the provider verbatim (DMS table mappings use `${column}` templates of their
 * own) is escaped to `$${` and `%%{`, which Terraform turns back into `${` and `%{`.
 */
export function terraformLiteral(text: string): string {
  // Replacement functions, not strings: in a replacement string `$$` itself means `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** The inverse, for tools that read synthesized configuration. */
export function fromTerraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}
