/** The default config: every pipeline the team runs. `config/examples/` mirrors each one as JSON. */
import { loanappDynamodbDev } from './pipelines/loanapp-dynamodb-dev';
import { redshiftFedProd } from './pipelines/redshift-fed-prod';
import type { PipelineConfigInput } from './schema';

export const defaultConfig: PipelineConfigInput = {
  pipelines: [redshiftFedProd, loanappDynamodbDev],
};
