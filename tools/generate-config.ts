/**
 * `node dist/tools/generate-config.js --pipelines 50 --tables 200 --out <dir>` writes `<dir>/config.json`
 * and `<dir>/mappings/*.json`; synthesize them with DMS_CONFIG=<dir>/config.json DMS_MAPPINGS_DIR=<dir>/mappings.
 */
import * as path from 'node:path';
import { generateConfig, writeGeneratedConfig } from './generated-config';
import { runCommand } from '../app/run-command';

runCommand(() => {
  const argument = (name: string, fallback: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? fallback : process.argv[index + 1];
  };
  const out = path.resolve(argument('out', 'generated'));
  const written = writeGeneratedConfig(out, generateConfig(Number(argument('pipelines', '1')), Number(argument('tables', '200'))));
  process.stdout.write(`DMS_CONFIG=${written.configFile} DMS_MAPPINGS_DIR=${written.mappingsDir}\n`);
});
