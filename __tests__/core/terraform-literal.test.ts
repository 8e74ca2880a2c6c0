/**
 * Text that must reach the provider verbatim survives Terraform's template parsing.
 */
import { fromTerraformLiteral, terraformLiteral } from '../../core/terraform-literal';

test('GIVEN DMS templates and a directive WHEN escaped THEN Terraform sees $${ and %%{, and unescaping restores them', () => {
  const text = '{"value":"LOG#${LogId}","tag":"${schema-name}","odd":"%{if}"}';
  const escaped = terraformLiteral(text);
  expect(escaped).toBe('{"value":"LOG#$${LogId}","tag":"$${schema-name}","odd":"%%{if}"}');
  expect(fromTerraformLiteral(escaped)).toBe(text);
});

test('GIVEN text without templates WHEN escaped THEN it is unchanged', () => {
  expect(terraformLiteral('{"rules":[{"table-name":"%"}]}')).toBe('{"rules":[{"table-name":"%"}]}');
});
