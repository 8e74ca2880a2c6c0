/**
 * `DynamoDbTargetTables`: the DynamoDB tables a pipeline writes. Managed tables are created here with their keys
 * and global secondary indexes (DMS is set never to create or drop them); existing ones are only referenced.
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from '../../platform/cdktf';
import { arn } from '../../core/arn';

export interface DynamoDbKey {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export interface DynamoDbTableProps {
  /** Terraform name of the table resource. */
  readonly id: string;
  readonly name: string;
  /** Create the table here; false: it exists and is only referenced by name. */
  readonly managed: boolean;
  readonly billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  /** Only with PROVISIONED; applied to the table and each index. */
  readonly readCapacity?: number;
  readonly writeCapacity?: number;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  /** Default: the AWS managed key for DynamoDB. */
  readonly kmsKeyArn?: string;
  readonly partitionKey: DynamoDbKey;
  readonly sortKey?: DynamoDbKey;
  readonly globalSecondaryIndexes: readonly {
    readonly name: string;
    readonly partitionKey: DynamoDbKey;
    readonly sortKey?: DynamoDbKey;
    readonly projection: 'ALL' | 'KEYS_ONLY';
  }[];
}

export interface DynamoDbTargetTablesProps {
  readonly tables: readonly DynamoDbTableProps[];
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export class DynamoDbTargetTables extends Construct {
  /** Table name → ARN (a reference for managed tables, built from the name for existing ones). */
  readonly arns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: DynamoDbTargetTablesProps) {
    super(scope, id);
    for (const table of props.tables) {
      if (!table.managed) {
        this.arns.set(
          table.name,
          arn({
            partition: props.partition,
            service: 'dynamodb',
            region: props.region,
            account: props.accountId,
            resource: `table/${table.name}`,
          }),
        );
        continue;
      }
      const provisioned =
        table.billingMode === 'PROVISIONED' ? { readCapacity: table.readCapacity, writeCapacity: table.writeCapacity } : {};
      // DynamoDB declares each key attribute once, for the table and all its indexes.
      const keys = [table.partitionKey, table.sortKey, ...table.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey])].filter(
        (key): key is DynamoDbKey => key !== undefined,
      );
      const attributes = [...new Map(keys.map((key) => [key.name, key])).values()];
      const resource = new DynamodbTable(this, table.id, {
        name: table.name,
        billingMode: table.billingMode,
        ...provisioned,
        hashKey: table.partitionKey.name,
        rangeKey: table.sortKey?.name,
        attribute: attributes.map((key) => ({ name: key.name, type: key.type })),
        globalSecondaryIndex: table.globalSecondaryIndexes.map((index) => ({
          name: index.name,
          hashKey: index.partitionKey.name,
          rangeKey: index.sortKey?.name,
          projectionType: index.projection,
          ...provisioned,
        })),
        pointInTimeRecovery: { enabled: table.pointInTimeRecovery },
        serverSideEncryption: { enabled: true, kmsKeyArn: table.kmsKeyArn },
        deletionProtectionEnabled: table.deletionProtection,
      });
      this.arns.set(table.name, resource.arn);
    }
  }
}
