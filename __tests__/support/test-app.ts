/**
 * A cdktf App for synthesis in memory (`Testing.synth`). `Testing.app()` makes a new temporary directory for
 * every app and never removes it: the unit tier alone left 252 empty `cdktf.outdir.*` directories in the system
 * temporary directory per run. Synthesis in memory writes nothing there, so the directory is removed as soon as
 * the App has been made; an App that tried to write its output would fail instead of leaving files behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type App, Testing } from '../../platform/cdktf';

export function testApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-test-app-'));
  try {
    return Testing.app({ stackTraces: false, outdir });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
