/** What every database source of this project shares: a server, a port and credentials in Secrets Manager. */
import type { IamNeeds, SourceSpec } from '../types';

export const databaseEgressDescription = (source: SourceSpec): string => `${source.engine} source ${source.serverName}:${source.port}`;

/** The access role reads the source's secret, and decrypts it with its key if it has one. */
export const secretIamNeeds = (source: SourceSpec): IamNeeds => ({
  secretArns: [source.secretArn],
  secretKmsKeyArns: source.secretKmsKeyArn ? [source.secretKmsKeyArn] : [],
});
