/** Locations inside the project, found from the code's own location so any working directory works. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The directory holding `cdktf.json`, searched upwards from this file (source or compiled bundle). */
export function projectRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no cdktf.json above ${start}`);
  }
}

export function mappingsDir(root: string = projectRoot()): string {
  return path.join(root, 'mappings');
}
