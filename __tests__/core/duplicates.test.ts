/**
 * The one duplicate check: repeats are found in input order, each naming its first use, and values left out
 * (undefined) are never compared.
 */
import { firstUses, repeats } from '../../core/duplicates';

test('GIVEN values with repeats and gaps WHEN checked THEN each repeat after the first use is reported with that first index', () => {
  // GIVEN
  const values = ['a', undefined, 'b', 'a', undefined, 'a', 'b'];
  // WHEN
  const found = repeats(values);
  // THEN
  expect(found).toEqual([
    { index: 3, first: 0, value: 'a' },
    { index: 5, first: 0, value: 'a' },
    { index: 6, first: 2, value: 'b' },
  ]);
});

test('GIVEN objects and a key WHEN checked THEN they compare by the key, not by identity', () => {
  // GIVEN
  const components = [{ Id: 'SOURCE_UNLOAD' }, { Id: 'TARGET_LOAD' }, { Id: 'SOURCE_UNLOAD' }];
  // WHEN
  const found = repeats(components, (component) => component.Id);
  // THEN
  expect(found).toEqual([{ index: 2, first: 0, value: { Id: 'SOURCE_UNLOAD' } }]);
});

test('GIVEN a record of first uses WHEN keys are seen THEN a first use gives undefined and every repeat the first place', () => {
  // GIVEN
  const firstUse = firstUses<string, string>();
  // WHEN
  const results = [
    firstUse('10.0.0.0/16:443', 'httpsCidrs[0]'),
    firstUse('10.0.0.0/16:1433', 'sourceCidrs[0]'),
    firstUse('10.0.0.0/16:443', 'httpsCidrs[1]'),
    firstUse('10.0.0.0/16:443', 'httpsCidrs[2]'),
  ];
  // THEN
  expect(results).toEqual([undefined, undefined, 'httpsCidrs[0]', 'httpsCidrs[0]']);
});
