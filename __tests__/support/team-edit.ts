/**
 * The edits a team member makes on an ordinary day, applied to a copy of the project: two more tables in the
 * Redshift pipeline's mapping file, a dev copy of that pipeline in another account, and a bigger instance class.
 * The team-edit test runs `npm run generate` and then the unit suite after these, with no test edited.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TEAM_EDIT = {
  tables: ['DimCustomer', 'FactSales'],
  devPipeline: 'redshift-fed-dev',
  devAccount: '123456789012',
  instanceClass: 'dms.r5.large',
} as const;

/** Apply the edits under `root`, the way a person would with an editor (text edits of the team's files). */
export function applyTeamEdit(root: string): void {
  // Two tables: selection rules after the existing ones, numbered on from the highest rule id.
  const mappingFile = path.join(root, 'mappings', 'dms-table-mappings.json');
  const document: { rules: { 'rule-type': string; 'rule-id': string }[] } = JSON.parse(fs.readFileSync(mappingFile, 'utf8'));
  let nextId = Math.max(...document.rules.map((rule) => Number(rule['rule-id']))) + 1;
  const lastSelection = document.rules.map((rule) => rule['rule-type']).lastIndexOf('selection');
  const added = TEAM_EDIT.tables.map((table) => ({
    'rule-type': 'selection',
    'rule-id': String(nextId++),
    'rule-name': `include-dbo-${table.toLowerCase()}`,
    'object-locator': { 'schema-name': 'dbo', 'table-name': table },
    'rule-action': 'include',
  }));
  document.rules.splice(lastSelection + 1, 0, ...added);
  fs.writeFileSync(mappingFile, `${JSON.stringify(document, null, 2)}\n`);

  // A dev copy of the Redshift pipeline in another account: its own name, account, secrets, state bucket.
  const pipelines = path.join(root, 'config', 'pipelines');
  const prod = fs.readFileSync(path.join(pipelines, 'redshift-fed-prod.ts'), 'utf8');
  const dev = prod
    .replaceAll('459286107047', TEAM_EDIT.devAccount)
    .replaceAll('redshift-fed-prod', TEAM_EDIT.devPipeline)
    .replaceAll('redshiftFedProd', 'redshiftFedDev')
    .replace("environment: 'prod'", "environment: 'dev'")
    .replace('sqlserver-raptor-AbC123', 'sqlserver-raptor-Dev123')
    .replace('redshift-dev-DeF456', 'redshift-dev-Dev456');
  if (dev === prod) throw new Error('config/pipelines/redshift-fed-prod.ts changed shape: the team edit no longer applies');
  fs.writeFileSync(path.join(pipelines, `${TEAM_EDIT.devPipeline}.ts`), dev);
  const defaultFile = path.join(root, 'config', 'default.ts');
  const defaults = fs.readFileSync(defaultFile, 'utf8');
  const registered = defaults
    .replace(
      "import { redshiftFedProd } from './pipelines/redshift-fed-prod';",
      "import { redshiftFedDev } from './pipelines/redshift-fed-dev';\nimport { redshiftFedProd } from './pipelines/redshift-fed-prod';",
    )
    .replace('pipelines: [redshiftFedProd,', 'pipelines: [redshiftFedProd, redshiftFedDev,');
  if (!registered.includes('redshiftFedDev,')) throw new Error('config/default.ts changed shape: the team edit no longer applies');
  fs.writeFileSync(defaultFile, registered);

  // A bigger replication instance for prod.
  const prodFile = path.join(pipelines, 'redshift-fed-prod.ts');
  const resized = prod.replace(/instanceClass: 'dms\.[a-z0-9]+\.[a-z0-9]+'/, `instanceClass: '${TEAM_EDIT.instanceClass}'`);
  if (resized === prod) throw new Error('config/pipelines/redshift-fed-prod.ts has no instanceClass: the team edit no longer applies');
  fs.writeFileSync(prodFile, resized);
}
