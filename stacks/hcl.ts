/**
 * HCL output that Terraform accepts as-is. cdktf 0.21 renders HCL that `terraform validate` warns about and
 * `terraform fmt` rewrites:
 * - references in `depends_on` (and `import`/`moved` addresses) are quoted strings ("Quoted references are
 *   deprecated"; in `import.to` they are an error);
 * - every reference is wrapped in an interpolation-only string, `"${aws_s3_bucket.staging.id}"`;
 * - strings holding an escaped template (`$${`, as in DMS `${column}` mappings) are emitted without escaping
 *   their quotes, because cdktf takes any `${` for an expression (cdktf lib/hcl/render.js, escapeQuotes);
 * - nothing is indented.
 * This rewrites those constructs and formats the result with hclwrite (the formatter behind `terraform fmt`,
 * as packaged by @cdktf/hcl-tools), so `terraform fmt -check` passes unchanged.
 */

/**
 * Re-escape single-line string attributes that cdktf left unescaped: those whose text has escaped template
 * sequences (`$${`, `%%{`) and no real interpolation or directive. The text between the first and the last
 * quote of the line is the raw value; it is escaped as HCL requires (backslashes, then quotes).
 */
export function escapeLiteralTemplateStrings(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*(?:"[^"]*"|[A-Za-z0-9_-]+)\s*=\s*)"(.*)"$/.exec(line);
      if (!match) return line;
      const [, head, raw] = match;
      const literalOnly = /\$\$\{|%%\{/.test(raw) && !/(^|[^$])\$\{|(^|[^%])%\{/.test(raw);
      if (!literalOnly || !/(^|[^\\])"/.test(raw)) return line;
      return `${head}"${raw.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    })
    .join('\n');
}

/** Where a string literal starting at `start` (a `"`) ends, and whether it is one `${...}` and nothing else. */
function scanString(text: string, start: number): { end: number; interpolationOnly: boolean } {
  let i = start + 1;
  let segments = 0;
  let onlyInterpolation = true;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\') {
      i += 2;
      onlyInterpolation = false;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      segments++;
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text[i] === '"') {
          i = scanString(text, i).end;
          continue;
        }
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
        i++;
      }
    } else {
      onlyInterpolation = false;
      i++;
    }
  }
  return { end: i + 1, interpolationOnly: onlyInterpolation && segments === 1 };
}

/** `"${expression}"` → `expression`, wherever a string literal is exactly one interpolation. */
function unwrapInterpolationOnlyStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      out += text[i++];
      continue;
    }
    const { end, interpolationOnly } = scanString(text, i);
    out += interpolationOnly ? text.slice(i + 3, end - 2) : text.slice(i, end);
    i = end;
  }
  return out;
}

/**
 * Unquote the addresses in `depends_on`/`replace_triggered_by` lists, the attribute names in `ignore_changes`
 * lists, and the addresses in `import`/`moved`/`removed` blocks: they are references, not strings.
 */
export function unquoteReferences(text: string): string {
  const lines = text.split('\n');
  let inDependsOn = false;
  let block: string | undefined;
  return lines
    .map((line) => {
      const trimmed = line.trim();
      // replace_triggered_by takes references too (Terraform: lifecycle meta-argument).
      // ignore_changes (adopted imports) takes attribute names, or the keyword all, never strings.
      if (/^ignore_changes\s*=\s*"all"$/.test(trimmed)) return line.replace('"all"', 'all');
      if (/^(replace_triggered_by|ignore_changes)\s*=\s*\[.*\]$/.test(trimmed)) return line.replace(/"([A-Za-z0-9_.[\]-]+)"/g, '$1');
      if (/^(depends_on|replace_triggered_by|ignore_changes)\s*=\s*\[$/.test(trimmed)) {
        inDependsOn = true;
        return line;
      }
      if (inDependsOn) {
        if (trimmed.startsWith(']')) inDependsOn = false;
        return line.replace(/"([A-Za-z0-9_.[\]-]+)"/g, '$1');
      }
      const opening = /^(import|moved|removed)\s*\{$/.exec(trimmed);
      if (opening) block = opening[1];
      else if (trimmed === '}') block = undefined;
      else if (block && /^(to|from)\s*=/.test(trimmed)) return line.replace(/"([^"]+)"/, '$1');
      return line;
    })
    .join('\n');
}

/** One blank line between top-level blocks and none at the edges of a block, as people write HCL. */
function tidyBlankLines(text: string): string {
  const lines = text.split('\n').map((line) => line.trimEnd());
  const out: string[] = [];
  let depth = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const opens = (line.match(/[{[]\s*$/) ? 1 : 0) + (/^\s*[}\]]/.test(line) ? -1 : 0);
    if (depth === 0 && out.length > 0 && opens > 0) out.push('');
    out.push(line);
    depth += opens;
    if (depth < 0) depth = 0;
  }
  return `${out.join('\n')}\n`;
}

/**
 * The full clean-up. `format` is hclwrite's formatter, passed in so that this module does not load its WebAssembly
 * build: app/synthesize.ts loads it only when HCL is asked for.
 */
export async function cleanHcl(text: string, format: (hcl: string) => Promise<string>): Promise<string> {
  return format(tidyBlankLines(unquoteReferences(unwrapInterpolationOnlyStrings(escapeLiteralTemplateStrings(text)))));
}
