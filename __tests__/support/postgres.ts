/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a fresh temporary directory, `pg_ctl start` on a free
 * loopback port with trust authentication, and `stop()` (`pg_ctl stop -m immediate`, then the directory is
 * removed). initdb refuses to run as root, so as root every server command runs as the `postgres` user.
 * Suites call `stop()` in `afterAll`; a failed start cleans up after itself, and a worker that exits without
 * `afterAll` still stops the server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';

export const POSTGRES_USER = 'postgres';

/** The directory with initdb and pg_ctl: `pg_config --bindir`, else the newest /usr/lib/postgresql/<n>/bin. */
export function findPostgresBinaries(): string | undefined {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'psql'].every((tool) => fs.existsSync(path.join(dir, tool)));
  try {
    const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (has(bindir)) return bindir;
  } catch {
    // no pg_config: look where Debian and Ubuntu install server versions side by side
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.map((v) => path.join(root, v, 'bin')).find(has);
}

/** `describe` when PostgreSQL binaries exist; otherwise skipped with a warning, or failed under REQUIRE_POSTGRES_TESTS=1. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (findPostgresBinaries()) {
    describe(name, body);
  } else if (process.env.REQUIRE_POSTGRES_TESTS === '1') {
    describe(name, () => {
      test('PostgreSQL binaries are present (REQUIRE_POSTGRES_TESTS=1)', () => {
        throw new Error('cannot run the PostgreSQL suite: no initdb/pg_ctl/psql (pg_config --bindir, /usr/lib/postgresql/<version>/bin)');
      });
    });
  } else {
    console.warn(`Skipping "${name}": PostgreSQL server binaries (initdb, pg_ctl) were not found. Install postgresql to run it.`);
    describe.skip(name, body);
  }
}

export interface ThrowawayPostgres {
  readonly port: number;
  readonly bindir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication: no password). */
  url(database: string): string;
  /** Run SQL (several statements allowed without parameters) as the superuser; returns the last result's rows. */
  query(database: string, sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Run a file with psql as a DBA would (`-v ON_ERROR_STOP=1`). */
  psqlFile(database: string, file: string): { status: number | null; stdout: string; stderr: string };
  /** `pg_ctl restart`, for settings read only at server start. */
  restart(): void;
  stop(): void;
}

/** Start a cluster with `settings` added to postgresql.conf (e.g. `{ wal_level: 'replica' }`). */
export async function startThrowawayPostgres(settings: Record<string, string> = {}): Promise<ThrowawayPostgres> {
  const bindir = findPostgresBinaries();
  if (!bindir) throw new Error('PostgreSQL binaries not found');
  const asRoot = process.getuid?.() === 0;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-pg-'));
  const data = path.join(directory, 'data');
  const sockets = path.join(directory, 'sockets');
  const log = path.join(directory, 'server.log');
  fs.mkdirSync(sockets);
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, POSTGRES_USER], { encoding: 'utf8' }).trim());
    for (const dir of [directory, sockets]) fs.chownSync(dir, id('-u'), id('-g'));
  }
  // As root, the server tools run as the postgres user, which owns the directory.
  const run = (tool: string, args: string[], check = true) => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', POSTGRES_USER, '--', path.join(bindir, tool), ...args]]
      : [path.join(bindir, tool), args];
    const result = spawnSync(command, commandArgs, { encoding: 'utf8', timeout: 120_000 });
    if (check && result.status !== 0) {
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      throw new Error(`${tool} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}${serverLog}`);
    }
    return result;
  };

  let started = false;
  const stop = () => {
    process.removeListener('exit', stop);
    if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'], false);
    started = false;
    fs.rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', stop);

  try {
    const port = await freePort();
    run('initdb', ['-D', data, '-U', POSTGRES_USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const conf = {
      port: String(port),
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${sockets}'`,
      // A test cluster: durability buys nothing, and start-up and DDL are faster without it.
      fsync: 'off',
      synchronous_commit: 'off',
      ...settings,
    };
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      `\n${Object.entries(conf)
        .map(([key, value]) => `${key} = ${value}`)
        .join('\n')}\n`,
    );
    started = true;
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);

    const url = (database: string) => `postgres://${POSTGRES_USER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return {
      port,
      bindir,
      url,
      async query(database, sql, values) {
        const client = new Client({ connectionString: url(database) });
        await client.connect();
        try {
          const result = await client.query(sql, values);
          const last = Array.isArray(result) ? result[result.length - 1] : result;
          return last.rows;
        } finally {
          await client.end();
        }
      },
      psqlFile(database, file) {
        const result = spawnSync(
          path.join(bindir, 'psql'),
          ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, '-d', database, '-f', file],
          { encoding: 'utf8', timeout: 60_000 },
        );
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      },
      restart() {
        run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-m', 'fast', 'restart']);
      },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
