/**
 * A large generated table mapping (n selection rules and n table-settings rules, one per table), for the
 * size and speed limits: the bench and the corpus build it the same way.
 */
export function generatedMappingText(tables: number): string {
  const rules: unknown[] = [];
  for (let i = 0; i < tables; i++) {
    rules.push({
      'rule-type': 'selection',
      'rule-id': String(i + 1),
      'rule-name': `include-table-${i}`,
      'object-locator': { 'schema-name': 'dbo', 'table-name': `Table${i}` },
      'rule-action': 'include',
    });
  }
  for (let i = 0; i < tables; i++) {
    rules.push({
      'rule-type': 'table-settings',
      'rule-id': String(tables + i + 1),
      'rule-name': `parallel-load-${i}`,
      'object-locator': { 'schema-name': 'dbo', 'table-name': `Table${i}` },
      'parallel-load': { type: 'ranges', columns: ['Id'], boundaries: [['1000'], ['2000']] },
    });
  }
  return JSON.stringify({ rules }, null, 2);
}
