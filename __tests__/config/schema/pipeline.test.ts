import { parseConfig } from '../../../config/load';
import { ValidationFailed, formatIssue } from '../../../core/errors';
import { opsInput } from '../../support/ops-fixture';

function errorsOf(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

// A target engine the schema does not know must end in its own error, never in a crash of a cross-field
// check that reads the engine's facts (the egress-overlap check reads the target's port).
test.each(['not-an-engine', 'toString', 5, null])(
  'GIVEN a pipeline with a network and target.engine %p WHEN parsed THEN the one error names target.engine',
  (engine) => {
    // GIVEN
    const input = opsInput();
    const pipeline = input.pipelines[0] as { network?: unknown; target: Record<string, unknown> };
    expect(pipeline.network).toBeDefined();
    pipeline.target.engine = engine;
    // WHEN
    const errors = errorsOf(input);
    // THEN
    expect(errors).toEqual(['pipelines[0].target.engine: engine must be one of redshift-serverless, dynamodb']);
  },
);
