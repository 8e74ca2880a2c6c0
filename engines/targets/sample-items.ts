/**
 * `npm run review -- --sample-items`: the items a target's object mappings would write for sample source rows,
 * and which indexes each lands in (targets/dynamodb/sample-items.ts builds them).
 */
import type { AttributeValue } from './dynamodb/mappings';

export interface SampleItem {
  row: Record<string, unknown>;
  item: Record<string, AttributeValue>;
  /** Indexes whose key attributes the item has (a GSI is sparse: items without its keys are not in it). */
  indexes: string[];
  /** Table key attributes the item lacks: DMS would fail to write it. */
  missingKeys: string[];
}

export interface SampleTable {
  stack: string;
  task: string;
  ruleId: string;
  table: string;
  source: string;
  /** Whether the rows come from the config (`sampleRows`) or were generated from column types. */
  rowsFrom: 'config' | 'column types';
  items: SampleItem[];
}
