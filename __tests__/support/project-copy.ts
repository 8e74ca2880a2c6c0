/**
 * A throwaway copy of the project (sources, lock file, cdktf.json; node_modules linked, not copied), for tests
 * that edit sources or run the user-facing commands end to end without touching the checkout. `withTests`
 * copies the whole working tree (tests, generated artefacts, jest.config.js) so the copy can run its own suites.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';

// The source folders and main.ts, from the one list of the layers (tools/check-layers.mjs reads it too).
const LAYERED: string[] = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'tools', 'layers.json'), 'utf8')).flat();
const COPIED = [...LAYERED, 'locks', 'package.json', 'package-lock.json', 'cdktf.json', 'tsconfig.json'];
// Build output, synth output and Terraform working state: rebuilt in the copy, never carried over.
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.terraform', 'coverage', '.bench']);
const notCopied = (name: string) => NOT_COPIED.has(name) || name === 'cdktf.out' || name.startsWith('cdktf.out.');

export interface ProjectCopy {
  readonly root: string;
  remove(): void;
}

export function copyProject(prefix = 'dms-project-', options: { withTests?: boolean } = {}): ProjectCopy {
  const source = projectRoot();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const entries = options.withTests ? fs.readdirSync(source).filter((name) => !notCopied(name)) : COPIED;
  for (const entry of entries) {
    const from = path.join(source, entry);
    if (fs.existsSync(from))
      fs.cpSync(from, path.join(root, entry), { recursive: true, filter: (file) => !notCopied(path.basename(file)) });
  }
  fs.symlinkSync(path.join(source, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
