/**
 * The team's pipelines, whatever they are: every stack of the active config (config/default.ts with mappings/,
 * account baseline stacks included) synthesizes, loads with no problem and no warning (DMS_STRICT=1), passes
 * review's security checks with the team's suppressions, and matches its snapshot. The snapshots are written by
 * `npm run generate` after an edit of config/ or mappings/; nothing here names a stack or a table.
 */
import * as path from 'node:path';
import { activePipelines } from '../../app/pipelines';
import { projectRoot } from '../../core/paths';
import { TerraformStack, Testing } from '../../platform/cdktf';
import { applySuppressions, loadSuppressions, securityFindings } from '../../review/security';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { testApp } from '../support/test-app';

// The default config even when a developer's shell sets DMS_CONFIG (the snapshots are of the default).
const env = { ...process.env, DMS_CONFIG: '', DMS_STRICT: '1' };

function synthesizeActive(): Map<string, string> {
  const app = testApp();
  for (const pipeline of activePipelines(env)) new DmsPipelineStack(app, pipeline);
  const stacks = new Map<string, string>();
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) stacks.set(child.node.id, Testing.synth(child, true));
  }
  return stacks;
}

const stacks = synthesizeActive();

test('GIVEN the active config WHEN loaded strictly THEN there is at least one pipeline and each has its stack', () => {
  // GIVEN / WHEN
  const names = activePipelines(env).map((pipeline) => pipeline.name);
  // THEN
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(stacks.has(name)).toBe(true);
});

test('GIVEN every active stack WHEN security-checked THEN no finding is left unsuppressed and no suppression is stale', () => {
  // GIVEN
  const findings = [...stacks].flatMap(([name, json]) => securityFindings({ name, tf: JSON.parse(json) }));
  const { suppressions, problems } = loadSuppressions(path.join(projectRoot(), 'config', 'security-suppressions.json'));
  // WHEN
  const stale = applySuppressions(findings, suppressions, [...stacks.keys()]);
  // THEN
  expect(problems).toEqual([]);
  expect(stale).toEqual([]);
  expect(findings.filter((finding) => finding.suppressed === undefined)).toEqual([]);
});

test.each([...stacks.keys()])(
  'GIVEN the active stack %s WHEN synthesized THEN it matches its snapshot (npm run generate rewrites it)',
  (name) => {
    // GIVEN / WHEN / THEN
    expect(stacks.get(name)).toMatchSnapshot();
  },
);
