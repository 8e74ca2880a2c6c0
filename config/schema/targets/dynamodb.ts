/** A DynamoDB target: the tables items are written to, each fed by one source table. */
import { z } from 'zod';
import { dmsIdentifier, intBetween, kmsKeyArn } from '../../rules';
import { checkDuplicates, type Ctx } from '../refine';
import { columnName, type SourceTableSpec } from '../source';
import type { TargetSection } from './section';

const dynamoKey = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  type: z.enum(['S', 'N', 'B'], { error: 'must be one of S, N, B' }),
});

const dynamodbTable = z.strictObject({
  /** Terraform name of the table resource, e.g. `integration_logs`. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase snake_case'),
  name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be 3-255 letters, digits, _ . -'),
  /** Created and owned by this stack; false: the table exists and is only referenced. */
  managed: z.boolean().default(true),
  billingMode: z
    .enum(['PAY_PER_REQUEST', 'PROVISIONED'], { error: 'must be one of PAY_PER_REQUEST, PROVISIONED' })
    .default('PAY_PER_REQUEST'),
  readCapacity: intBetween(1, 40000).optional(),
  writeCapacity: intBetween(1, 40000).optional(),
  pointInTimeRecovery: z.boolean().default(true),
  /** Default: on outside the dev environment. */
  deletionProtection: z.boolean().optional(),
  /** Customer managed key; default: the AWS managed key for DynamoDB. */
  kmsKeyArn: kmsKeyArn.optional(),
  partitionKey: dynamoKey,
  sortKey: dynamoKey.optional(),
  globalSecondaryIndexes: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be 3-255 letters, digits, _ . -'),
        partitionKey: dynamoKey,
        sortKey: dynamoKey.optional(),
        projection: z.enum(['ALL', 'KEYS_ONLY'], { error: 'must be one of ALL, KEYS_ONLY' }).default('ALL'),
      }),
    )
    .max(20, 'must have at most 20 global secondary indexes (DynamoDB quota)')
    .default([]),
  /** The source table whose rows become items, as `schema.table` (one of `source.tables`). */
  source: z.string().regex(/^[^.]+\.[^.]+$/, 'must be schema.table'),
  /**
   * Templates for attributes that are not copied from a column of the same name, e.g. `PK: 'LOG#${LogId}'`.
   * Every key attribute of the table and its indexes must be either here or a source column.
   */
  attributes: z.record(z.string().min(1), z.string().min(1, 'must not be empty')).default({}),
  /** Source columns not to copy into items. */
  excludeColumns: z.array(columnName).default([]),
});

export const dynamodbTarget = z.strictObject({
  engine: z.literal('dynamodb'),
  endpointId: dmsIdentifier(255),
  tables: z.array(dynamodbTable).min(1, 'must define at least one table'),
});

export type DynamoDbTargetSpec = z.infer<typeof dynamodbTarget>;
export type DynamoDbTableSpec = DynamoDbTargetSpec['tables'][number];

/** DynamoDB tables: unique names, a known source table, capacity only when provisioned, one type per attribute. */
function checkTables(target: DynamoDbTargetSpec, sourceTables: readonly SourceTableSpec[], ctx: Ctx) {
  checkDuplicates(
    target.tables.map((t) => t.id),
    (i) => ['target', 'tables', i, 'id'],
    'duplicate table id',
    ctx,
  );
  checkDuplicates(
    target.tables.map((t) => t.name),
    (i) => ['target', 'tables', i, 'name'],
    'duplicate table name',
    ctx,
  );
  const sources = new Set(sourceTables.map((t) => `${t.schema}.${t.name}`));
  target.tables.forEach((table, index) => {
    const path = ['target', 'tables', index];
    if (!sources.has(table.source)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'source'],
        message: `is not one of source.tables (${[...sources].join(', ') || 'none listed'})`,
      });
    }
    const provisioned = table.billingMode === 'PROVISIONED';
    for (const key of ['readCapacity', 'writeCapacity'] as const) {
      if (provisioned && table[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [...path, key], message: 'is required with billingMode PROVISIONED' });
      if (!provisioned && table[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [...path, key], message: 'applies only to billingMode PROVISIONED' });
    }
    checkDuplicates(
      table.globalSecondaryIndexes.map((g) => g.name),
      (i) => [...path, 'globalSecondaryIndexes', i, 'name'],
      'duplicate index name',
      ctx,
    );
    // DynamoDB declares each key attribute once, with one type, for the table and all its indexes.
    const types = new Map<string, { type: string; where: string }>();
    const keys: [string, { name: string; type: string } | undefined][] = [
      ['partitionKey', table.partitionKey],
      ['sortKey', table.sortKey],
      ...table.globalSecondaryIndexes.flatMap((g, i): [string, { name: string; type: string } | undefined][] => [
        [`globalSecondaryIndexes[${i}].partitionKey`, g.partitionKey],
        [`globalSecondaryIndexes[${i}].sortKey`, g.sortKey],
      ]),
    ];
    for (const [where, key] of keys) {
      if (!key) continue;
      const seen = types.get(key.name);
      if (seen && seen.type !== key.type) {
        ctx.addIssue({
          code: 'custom',
          path: [
            ...path,
            ...where
              .replace(/\[(\d+)\]/g, '.$1')
              .split('.')
              .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
            'type',
          ],
          message: `attribute ${key.name} is ${seen.type} in ${seen.where}; one attribute has one type`,
        });
      } else if (!seen) {
        types.set(key.name, { type: key.type, where });
      }
    }
  });
}

export const dynamodbSection = {
  label: 'DynamoDB',
  // Reached over HTTPS: DynamoDB's endpoint, no database port.
  port: () => undefined,
  targetNetwork: undefined,
  vpcEndpoints: { s3: 'for a DynamoDB target', dynamodb: 'for a DynamoDB target' },
  derivesMappings: true,
  check: checkTables,
  resourceNames: (target) =>
    Array.isArray(target.tables)
      ? target.tables.flatMap((table, index) =>
          table?.managed !== false
            ? [{ kind: 'DynamoDB table', scope: 'region' as const, name: table?.name, from: ['target', 'tables', index, 'name'] }]
            : [],
        )
      : [],
} satisfies TargetSection<DynamoDbTargetSpec>;
