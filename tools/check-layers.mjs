// Fails when an import points up the layers README's "How it fits together" lists. A folder may import any
// folder below it and itself, never one above; core/ and platform/ import nothing of the project.
// Usage: node tools/check-layers.mjs [--root <dir>]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bottom to top (tools/layers.json, the one list: build.mjs hashes its folders, the tests copy them). Folders on
 * one rank may not import each other.
 */
export const LAYERS = JSON.parse(fs.readFileSync(new URL('./layers.json', import.meta.url), 'utf8'));
/** Every folder of the project's sources (what tools/build.mjs hashes), from the one list of the layers. */
export const SOURCE_FOLDERS = LAYERS.flat().filter((name) => !name.includes('.'));
const rankOf = new Map(LAYERS.flatMap((names, rank) => names.map((name) => [name, rank])));

function sources(root) {
  const found = [];
  const visit = (relative) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (rankOf.has(child.split('/')[0])) visit(child);
      } else if (/\.(ts|mjs)$/.test(entry.name) && rankOf.has(child.split('/')[0])) found.push(child);
    }
  };
  visit('');
  return found;
}

/** Every `from '<relative>'`, `import('<relative>')` and `require('<relative>')` that points up or across. */
export function upwardImports(root) {
  const problems = [];
  for (const file of sources(root)) {
    const from = file.split('/')[0];
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]));
      const to = target.split('/')[0];
      if (to === from || !rankOf.has(to)) continue;
      if (rankOf.get(to) >= rankOf.get(from))
        problems.push(`${file}: imports ${target} (${to}/ is not below ${from === 'main.ts' ? from : `${from}/`})`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? path.resolve(process.argv[at + 1]) : path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const problems = upwardImports(root);
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) process.exit(1);
}
