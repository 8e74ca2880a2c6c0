/**
 * SQL Server sources (AWS DMS user guide, "Using a Microsoft SQL Server database as a source for AWS DMS"):
 * no engine-specific endpoint settings, CDC prerequisites in T-SQL, no live preflight (the generated SQL starts
 * with the same checks).
 */
import { databaseEgressDescription, secretIamNeeds } from '../common';
import { code, shellWord } from '../../text';
import type { SourceAdapter } from '../../types';
import { sqlServerPrereqs, tsqlIdentifier, tsqlString } from './prereqs';

export const sqlServerSource: SourceAdapter<'sqlserver'> = {
  endpointSettings: () => ({}),
  egressDescription: databaseEgressDescription,
  iam: secretIamNeeds,
  prereqs: {
    flavour: (source) => (source.rds ? ' (Amazon RDS)' : ' (self-managed)'),
    howToRun: (source, _stack, file) => [
      `-- Run as ${source.rds ? 'the master user' : 'a sysadmin'}, in SSMS or with sqlcmd -b -S <server> -i ${file}; safe to re-run.`,
    ],
    body: sqlServerPrereqs,
  },
  preflight: {
    kind: 'unsupported',
    reason: (stack) =>
      `has a sqlserver source; preflight checks PostgreSQL sources (for SQL Server, prereqs/${stack}.sql starts with the same checks)`,
  },
  validation: {
    rowCount: (schema, table) =>
      `SELECT ${tsqlString(`${schema}.${table}`)} AS source_table, COUNT_BIG(*) AS row_count FROM ${tsqlIdentifier(schema)}.${tsqlIdentifier(table)}`,
  },
  runbook: {
    prerequisites: (source, _stack, file) => [
      `A DBA runs ${code(file)} on ${code(source.databaseName)} (checks the recovery model and SQL Server Agent, enables CDC on the database and each mapped table; safe to re-run):`,
      '',
      '```bash',
      `sqlcmd -b -S ${shellWord(`${source.serverName},${source.port}`)} -d ${shellWord(source.databaseName)} -i ${file}`,
      '```',
    ],
    validation: (source, stack) =>
      `# Part 1 of validation/${stack}.sql on the source (SSMS, or sqlcmd -S ${shellWord(`${source.serverName},${source.port}`)} -d ${shellWord(source.databaseName)})`,
  },
};
