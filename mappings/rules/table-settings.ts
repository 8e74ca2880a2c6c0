/**
 * Table-settings rules (AWS DMS user guide, "Table and collection settings rules and operations").
 */
import { hasBroadWildcard } from '../wildcards';
import type { Checker, JsonObject, Path } from './checker';
import { checkLocator } from './locator';
import { LOB_MODES, MAX_RANGE_COLUMNS, PARALLEL_LOAD_TYPES, type ParallelLoadType } from './types';

const FIELDS = ['rule-type', 'rule-id', 'rule-name', 'object-locator', 'parallel-load', 'lob-settings'];

export function checkTableSettings(check: Checker, rule: JsonObject, path: Path): void {
  check.onlyKeys(rule, FIELDS, path, 'a table-settings rule');
  const locator = checkLocator(check, rule, path, { required: ['schema-name', 'table-name'], what: 'a table-settings object-locator' });
  if (locator) {
    for (const key of ['schema-name', 'table-name']) {
      const value = locator[key];
      // DMS: "Exact schema and table name required when using table settings rule."
      if (typeof value === 'string' && hasBroadWildcard(value)) {
        check.at(
          [...path, 'object-locator', key],
          'must be an exact name: DMS requires exact schema and table names in table-settings rules',
        );
      }
    }
  }
  if (rule['parallel-load'] === undefined && rule['lob-settings'] === undefined) {
    check.at(path, 'a table-settings rule needs parallel-load or lob-settings');
  }
  if (rule['parallel-load'] !== undefined) checkParallelLoad(check, rule['parallel-load'], [...path, 'parallel-load']);
  if (rule['lob-settings'] !== undefined) checkLobSettings(check, rule['lob-settings'], [...path, 'lob-settings']);
}

function checkParallelLoad(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  const type = check.oneOf(value, 'type', Object.keys(PARALLEL_LOAD_TYPES) as ParallelLoadType[], path);
  if (!type) return;
  check.onlyKeys(value, ['type', ...PARALLEL_LOAD_TYPES[type]], path, `parallel-load of type ${type}`);

  if (type === 'partitions-list') {
    check.stringList(value.partitions, [...path, 'partitions']);
    if (value.subpartitions !== undefined) check.stringList(value.subpartitions, [...path, 'subpartitions']);
  }
  if (type === 'ranges') {
    const columns = check.stringList(value.columns, [...path, 'columns']);
    if (columns && columns.length > MAX_RANGE_COLUMNS) {
      check.at([...path, 'columns'], `must list at most ${MAX_RANGE_COLUMNS} columns`);
    }
    const boundariesPath = [...path, 'boundaries'];
    if (check.array(value.boundaries, boundariesPath, { nonEmpty: true })) {
      value.boundaries.forEach((boundary, index) => {
        if (!Array.isArray(boundary)) {
          check.at([...boundariesPath, index], 'must be an array with one value per column');
        } else if (columns && boundary.length !== columns.length) {
          check.at([...boundariesPath, index], `must have ${columns.length} value(s), one per column in columns, not ${boundary.length}`);
        }
      });
      if (value['segment-names'] !== undefined) {
        const names = check.stringList(value['segment-names'], [...path, 'segment-names']);
        // N boundaries cut the table into N + 1 segments.
        if (names && names.length !== value.boundaries.length + 1) {
          check.at([...path, 'segment-names'], `must name ${value.boundaries.length + 1} segments (boundaries + 1), not ${names.length}`);
        }
      }
    }
  }
  if (type === 'partitions-auto') {
    for (const key of ['number-of-partitions', 'max-records-skip-per-page', 'batch-size']) {
      if (value[key] !== undefined) check.integer(value[key], [...path, key], key === 'number-of-partitions' ? 1 : 0);
    }
    const fromMetadata = value['collection-count-from-metadata'];
    if (fromMetadata !== undefined && typeof fromMetadata !== 'boolean' && fromMetadata !== 'true' && fromMetadata !== 'false') {
      check.at([...path, 'collection-count-from-metadata'], 'must be true or false');
    }
  }
}

function checkLobSettings(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  check.onlyKeys(value, ['mode', 'bulk-max-size'], path, 'lob-settings');
  const mode = check.oneOf(value, 'mode', LOB_MODES, path, false) ?? (value.mode === undefined ? 'limited' : undefined);
  const size = value['bulk-max-size'] === undefined ? undefined : check.integer(value['bulk-max-size'], [...path, 'bulk-max-size'], 0);
  // "In limited mode, you must set a nonzero value for this parameter."
  if (mode === 'limited' && (value['bulk-max-size'] === undefined || size === 0)) {
    check.at([...path, 'bulk-max-size'], 'must be a nonzero size in KB in limited LOB mode');
  }
}
