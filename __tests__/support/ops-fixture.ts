/**
 * The fixture config of __tests__/fixtures/ops (a SQL Server → Redshift and a PostgreSQL → DynamoDB pipeline
 * that are not the team's): loaded, resolved, and run through the commands with DMS_CONFIG. support/synth.ts
 * synthesizes it (`synthOps`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import { projectRoot } from '../../core/paths';
import { resolvePipelines } from '../../app/resolve';
import type { ResolvedPipeline } from '../../config/resolved';
import type { Json } from '../../review/synthesized';

export const OPS_FIXTURE = path.join(__dirname, '..', 'fixtures', 'ops');
export const OPS_CONFIG = path.join(OPS_FIXTURE, 'config.json');
export const OPS_MAPPINGS = path.join(OPS_FIXTURE, 'mappings');

// The fixture's JSON as mutable input.
export type OpsInput = { pipelines: Json[] };

export function opsInput(): OpsInput {
  return JSON.parse(fs.readFileSync(OPS_CONFIG, 'utf8'));
}

export function opsPipelines(input: OpsInput = opsInput(), mappings = OPS_MAPPINGS): ResolvedPipeline[] {
  return resolvePipelines(parseConfig(input), mappings);
}

/** Run a built command (`dist/cli/<name>.js`) with the fixture (or `configFile`) as the active config. */
export function runCommand(name: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync('node', [path.join(projectRoot(), 'dist', 'cli', `${name}.js`), ...args], {
    cwd: projectRoot(),
    encoding: 'utf8',
    env: { ...process.env, DMS_CONFIG: OPS_CONFIG, DMS_MAPPINGS_DIR: OPS_MAPPINGS, ...env },
  });
}
