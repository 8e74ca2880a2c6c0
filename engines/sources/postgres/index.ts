/**
 * PostgreSQL sources, self-managed or RDS (`postgres`) and Aurora (`aurora-postgresql`) (AWS DMS user guide,
 * "Using a PostgreSQL database as an AWS DMS source"): logical decoding settings on the endpoint, CDC
 * prerequisites in SQL, live preflight checks. The two engine names share this adapter; what differs is data.
 */
import { databaseEgressDescription, secretIamNeeds } from '../common';
import { code, shellWord, sqlString } from '../../text';
import type { SourceAdapter } from '../../types';
import { postgresPreflight } from './preflight';
import { pgIdentifier, postgresPrereqs } from './prereqs';

export type PostgresEngine = 'postgres' | 'aurora-postgresql';

/** How the two PostgreSQL engines differ. */
interface Flavour {
  /** Who runs the prerequisites (header of prereqs/<stack>.sql). */
  runsPrereqs: string;
  /** The server may be self-managed (ALTER SYSTEM), not only RDS or Aurora (parameter groups). */
  selfManaged: boolean;
}

export function postgresSource(flavour: Flavour): SourceAdapter<PostgresEngine> {
  return {
    endpointSettings: ({ cdc }) => ({
      postgresSettings: {
        pluginName: cdc.plugin,
        slotName: cdc.slotName,
        heartbeatEnable: cdc.heartbeat.enabled,
        heartbeatFrequency: cdc.heartbeat.enabled ? cdc.heartbeat.frequencyMinutes : undefined,
        heartbeatSchema: cdc.heartbeat.enabled ? cdc.heartbeat.schema : undefined,
        captureDdls: cdc.captureDdls,
      },
    }),
    egressDescription: databaseEgressDescription,
    iam: secretIamNeeds,
    prereqs: {
      flavour: () => '',
      howToRun: (source, stack, file) => [
        `-- Run as ${flavour.runsPrereqs}: psql -v ON_ERROR_STOP=1 -d ${source.databaseName} -f ${file}; safe to re-run.`,
        `-- Check a live server with npm run preflight -- ${stack} --pg <connection string>.`,
      ],
      body: (source, selection) => postgresPrereqs(source, selection, flavour),
    },
    preflight: { kind: 'postgres', run: postgresPreflight, source: (source) => source },
    validation: {
      rowCount: (schema, table) =>
        `SELECT ${sqlString(`${schema}.${table}`)} AS source_table, count(*) AS row_count FROM ${pgIdentifier(schema)}.${pgIdentifier(table)}`,
    },
    runbook: {
      prerequisites: (source, stack, file) => [
        `The master user runs ${code(file)} (logical replication checks, primary keys, the replication slot; safe to re-run), then the preflight checks a live server:`,
        '',
        '```bash',
        `psql -v ON_ERROR_STOP=1 -h ${shellWord(source.serverName)} -p ${source.port} -d ${shellWord(source.databaseName)} -f ${file}`,
        `npm run preflight -- ${stack} --pg ${shellWord(`postgres://<user>@${source.serverName}:${source.port}/${source.databaseName}?sslmode=require`)}`,
        '```',
      ],
      validation: (source, stack, whole) =>
        whole
          ? `psql -h ${shellWord(source.serverName)} -p ${source.port} -d ${shellWord(source.databaseName)} -f validation/${stack}.sql`
          : `# Part 1 of validation/${stack}.sql on the source (psql -h ${shellWord(source.serverName)} -p ${source.port} -d ${shellWord(source.databaseName)})`,
    },
  };
}
