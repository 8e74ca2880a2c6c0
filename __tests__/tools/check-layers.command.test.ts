import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const checkLayers = (tree: string) =>
  spawnSync(process.execPath, [path.join(root, 'tools', 'check-layers.mjs'), '--root', tree], { encoding: 'utf8' });

function treeOf(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

test('GIVEN this project WHEN its imports are checked THEN none points up the layers', () => {
  // WHEN
  const result = checkLayers(root);
  // THEN
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('GIVEN imports down, sideways and up WHEN checked THEN only the upward and cross-rank ones fail, each named', () => {
  // GIVEN
  const tree = treeOf({
    'config/schema.ts': "import { x } from '../mappings/task-settings';\nimport { y } from './rules';",
    'mappings/task-settings.ts': "import type { Spec } from '../config/schema';",
    'core/errors.ts': "export const e = require('../platform/cdktf');",
    'stacks/stack.ts': "const lazy = () => import('../app/resolve');",
    'app/resolve.ts': "import { s } from '../stacks/stack';",
  });
  try {
    // WHEN
    const result = checkLayers(tree);
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').sort()).toEqual([
      'core/errors.ts: imports platform/cdktf (platform/ is not below core/)',
      'mappings/task-settings.ts: imports config/schema (config/ is not below mappings/)',
      'stacks/stack.ts: imports app/resolve (app/ is not below stacks/)',
    ]);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});
