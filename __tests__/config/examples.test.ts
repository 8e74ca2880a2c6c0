/**
 * config/examples/ mirrors each default pipeline as JSON (for DMS_CONFIG, CI and Terraform Cloud variable sets);
 * both forms must synthesize the same stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfigFile } from '../../config/load';
import { defaultConfig } from '../../config/default';
import { known } from '../../core/maps';
import { mappingsDir, projectRoot } from '../../core/paths';
import { synthesizeAll } from '../support/synth';

// The team's pipelines, whatever they are (npm run generate writes the examples from them).
const examplesDir = path.join(projectRoot(), 'config', 'examples');
const defaults = synthesizeAll(defaultConfig, {}, mappingsDir());

test('GIVEN the default config WHEN listing examples THEN there is one JSON file per default pipeline', () => {
  const files = fs
    .readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  expect(files).toEqual([...defaults.keys()].map((name) => `${name}.json`).sort());
});

test.each([...defaults.keys()])(
  'GIVEN config/examples/%s.json WHEN synthesized through DMS_CONFIG THEN the stack equals the TypeScript default',
  (name) => {
    const fromJson = synthesizeAll(loadConfigFile(path.join(examplesDir, `${name}.json`)), {}, mappingsDir());
    expect([...fromJson.keys()]).toEqual([name]);
    expect(known(fromJson, name).json).toBe(known(defaults, name).json);
  },
);
