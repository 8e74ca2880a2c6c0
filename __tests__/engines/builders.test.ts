/**
 * engines/builders.ts: one builder per target engine the registry lists, and a target reaches the builder of its
 * own engine (not a default branch). On the fixture config of __tests__/fixtures/ops, never the team's pipelines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TargetSpec } from '../../config/schema';
import { projectRoot } from '../../core/paths';
import { TARGET_BUILDERS, type TargetBuilders, buildTarget } from '../../engines/builders';
import { TARGET_ENGINES } from '../../engines/registry';
import type { TargetParts, TargetScope } from '../../engines/types';
import { opsPipelines } from '../support/ops-fixture';
import { testApp } from '../support/test-app';

const [warehouse, orders] = opsPipelines();

/**
 * The packages a source file loads when it runs, each with the chain of project files that reaches it. Reads
 * `import` / `export ... from` statements; `import type` is erased by the compiler and not followed.
 */
function packagesLoadedBy(entry: string): Map<string, string[]> {
  const root = projectRoot();
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, kind, specifier] of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm)) {
      if (kind) continue;
      if (!specifier.startsWith('.')) {
        if (!found.has(specifier)) found.set(specifier, [...chain, file]);
        continue;
      }
      const base = path.posix.join(path.posix.dirname(file), specifier);
      const next = [`${base}.ts`, `${base}/index.ts`].find((candidate) => fs.existsSync(path.join(root, candidate)));
      if (next === undefined) throw new Error(`${file}: cannot resolve ${specifier}`);
      visit(next, [...chain, file]);
    }
  };
  visit(entry, []);
  return found;
}

/** What a builder may use of a stack, on a bare app: the builders under test here never touch it. */
const stackScope = (): TargetScope => ({
  scope: testApp(),
  partition: 'aws',
  pipeline: warehouse,
  roles: { secretsAccessRoleArn: 'arn:aws:iam::111122223333:role/dms-secrets' },
  remoteState: () => ({ getString: (output) => output, getNumber: () => 5439 }),
});

/** A builder that builds nothing and records, under its own name, which engine's spec it was handed. */
const recording =
  (seen: string[], builder: string) =>
  (target: TargetSpec): TargetParts => {
    seen.push(`${builder}: ${target.engine} ${target.endpointId}`);
    return { endpoint: { endpointId: target.endpointId, engineName: target.engine }, outputs: {} };
  };

test('GIVEN the registry WHEN its target engines are listed THEN there is a builder for each, and no other', () => {
  // GIVEN / WHEN / THEN (the registry test ties TARGET_ENGINES to the schema's engine list)
  expect(Object.keys(TARGET_BUILDERS).sort()).toEqual(Object.keys(TARGET_ENGINES).sort());
});

test('GIVEN a builder table holding the wrong builder THEN it does not compile', () => {
  // GIVEN / THEN (npm run typecheck fails if the table compiles)
  const redshift = TARGET_BUILDERS['redshift-serverless'];
  // @ts-expect-error the Redshift builder is typed on the Redshift spec, not DynamoDB's.
  const mismatched: TargetBuilders = { 'redshift-serverless': redshift, dynamodb: redshift };
  expect(mismatched.dynamodb).toBe(redshift);
});

test("GIVEN a builder table passed in WHEN each fixture target is built THEN its own engine's builder gets it", () => {
  // GIVEN
  const seen: string[] = [];
  const builders: TargetBuilders = { 'redshift-serverless': recording(seen, 'redshift'), dynamodb: recording(seen, 'dynamodb') };
  // WHEN
  const parts = [warehouse, orders].map((pipeline) => buildTarget(pipeline.target, stackScope(), builders));
  // THEN
  expect(seen).toEqual([`redshift: redshift-serverless ${warehouse.target.endpointId}`, `dynamodb: dynamodb ${orders.target.endpointId}`]);
  expect(parts.map((part) => part.endpoint.engineName)).toEqual(['redshift-serverless', 'dynamodb']);
});

test('GIVEN a target whose engine has no builder (input that bypassed validation) WHEN built THEN it fails, naming the engine', () => {
  // GIVEN
  const target: TargetSpec = JSON.parse(JSON.stringify({ ...warehouse.target, engine: 's3' }));
  // WHEN / THEN
  expect(() => buildTarget(target, stackScope())).toThrow('no builder for target engine s3 (engines/builders.ts)');
});

test.each(['engines/registry.ts', 'app/resolve.ts'])(
  'GIVEN %s WHEN the packages it loads are listed THEN none is cdktf, constructs or a provider class (only builders build)',
  (entry) => {
    // GIVEN / WHEN
    const loaded = packagesLoadedBy(entry);
    // THEN
    const constructs = [...loaded].filter(([name]) => /^(cdktf|constructs|@cdktf\/)/.test(name));
    expect(constructs.map(([name, chain]) => `${chain.join(' > ')} > ${name}`)).toEqual([]);
    // The walk is real: it reaches what the registry does load.
    expect([...loaded.keys()]).toContain('zod');
  },
);

test('GIVEN the builders WHEN the packages they load are listed THEN the provider classes are among them (the walk sees constructs)', () => {
  // GIVEN / WHEN
  const loaded = packagesLoadedBy('engines/builders.ts');
  // THEN
  expect([...loaded.keys()]).toEqual(expect.arrayContaining(['cdktf', '@cdktf/provider-aws/lib/dynamodb-table']));
});
