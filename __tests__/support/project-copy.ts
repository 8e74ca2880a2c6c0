/**
 * A throwaway copy of the project (sources, lock file, cdktf.json; node_modules linked, not copied), for tests
 * that edit sources or run the user-facing commands end to end without touching the checkout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';

const COPIED = ['app', 'cli', 'config', 'core', 'engines', 'mappings', 'modules', 'platform', 'review', 'stacks', 'tools', 'locks', 'main.ts', 'package.json', 'package-lock.json', 'cdktf.json', 'tsconfig.json'];

export interface ProjectCopy {
  readonly root: string;
  remove(): void;
}

export function copyProject(prefix = 'dms-project-'): ProjectCopy {
  const source = projectRoot();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const entry of COPIED) {
    const from = path.join(source, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(source, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
