/**
 * The HCL clean-up's string repair: cdktf leaves quotes unescaped in any string containing `${`, which breaks
 * DMS object mappings (`"value":"LOG#$${LogId}"`) in HCL output.
 */
import { escapeLiteralTemplateStrings, unquoteReferences } from '../../stacks/hcl';

describe('escapeLiteralTemplateStrings', () => {
  test('GIVEN JSON with an escaped DMS template left unescaped by cdktf WHEN repaired THEN its quotes and backslashes are escaped', () => {
    const broken = 'table_mappings = "{"rules":[{"value":"LOG#$${LogId}","note":"a \\"quoted\\" word"}]}"';
    expect(escapeLiteralTemplateStrings(broken)).toBe(
      'table_mappings = "{\\"rules\\":[{\\"value\\":\\"LOG#$${LogId}\\",\\"note\\":\\"a \\\\\\"quoted\\\\\\" word\\"}]}"',
    );
  });

  test('GIVEN a map entry with a quoted key WHEN repaired THEN the key stays and the value is escaped', () => {
    expect(escapeLiteralTemplateStrings('  "x" = "{"a":"%%{b}"}"')).toBe('  "x" = "{\\"a\\":\\"%%{b}\\"}"');
  });

  test.each([
    ['a real interpolation', 'policy = "${jsonencode({"a" = 1})}"'],
    ['a string cdktf escaped already', 'table_mappings = "{\\"rules\\":[]}"'],
    ['an escaped template without quotes', 'description = "uses $${LogId}"'],
    ['a mix of escaped and real interpolation', 'value = "$${a} ${var.b} "quoted""'],
  ])('GIVEN %s WHEN repaired THEN the line is unchanged', (_what, line) => {
    expect(escapeLiteralTemplateStrings(line)).toBe(line);
  });
});

describe('unquoteReferences', () => {
  test('GIVEN depends_on and ignore_changes lists WHEN unquoted THEN addresses and attribute names are bare; other lists keep their strings', () => {
    const hcl = [
      '  depends_on = [',
      '    "aws_iam_role.a",',
      '  ]',
      '  lifecycle {',
      '    ignore_changes = [',
      '      "description",',
      '    ]',
      '  }',
      '  subnet_ids = [',
      '    "subnet-1",',
      '  ]',
    ].join('\n');
    expect(unquoteReferences(hcl)).toBe(
      [
        '  depends_on = [',
        '    aws_iam_role.a,',
        '  ]',
        '  lifecycle {',
        '    ignore_changes = [',
        '      description,',
        '    ]',
        '  }',
        '  subnet_ids = [',
        '    "subnet-1",',
        '  ]',
      ].join('\n'),
    );
  });

  test('GIVEN ignore_changes of an imported resource, one line or several WHEN cleaned THEN the attribute names and all are bare', () => {
    expect(unquoteReferences('    ignore_changes = ["table_mappings", "replication_task_settings"]')).toBe(
      '    ignore_changes = [table_mappings, replication_task_settings]',
    );
    expect(unquoteReferences('    ignore_changes = "all"')).toBe('    ignore_changes = all');
    expect(unquoteReferences(['ignore_changes = [', '"endpoint_id",', '"ssl_mode",', ']', 'name = "x"'].join('\n'))).toBe(
      ['ignore_changes = [', 'endpoint_id,', 'ssl_mode,', ']', 'name = "x"'].join('\n'),
    );
  });
});
