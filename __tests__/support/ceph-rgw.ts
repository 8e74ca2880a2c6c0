/**
 * A throwaway Ceph cluster serving the S3 API: one monitor, one OSD on memstore (in memory) and one RADOS
 * Gateway (radosgw), all on loopback, from Debian's `ceph-mon`, `ceph-osd` and `radosgw` packages. Unlike
 * s3rver, RGW honours conditional writes (`PutObject` with `If-None-Match: *` answers 412 when the object
 * exists), which Terraform's S3-native state lock (`use_lockfile`) relies on.
 *
 * - Ports: the monitor and the gateway get free ephemeral ports; the OSD binds in a random 100-port window of
 *   the ephemeral range (Ceph has no "port 0"), skipping ports in use.
 * - Auth is off (`auth_* = none`): a test cluster on loopback. The gateway still checks S3 signatures against
 *   the user created here.
 * - The S3 backend sets `encrypt = true` (SSE-S3); RGW refuses SSE over plain HTTP unless
 *   `rgw_crypt_require_ssl = false`, and needs `rgw_crypt_default_encryption_key` to encrypt with
 *   (Ceph docs, "Server-Side Encryption": a default key for testing only).
 * - Every daemon runs in the foreground as a child with `setpriv --pdeathsig KILL`, so it dies with the test
 *   worker however that ends; `stop()` (in `afterAll`, which runs even after a test timeout) kills them and
 *   removes the directory; a failed start stops what it started.
 * - Start-up takes about 2 s, not 16: the monitor commits each map change at once instead of batching for
 *   `paxos propose interval` (1 s), which made each of the ~17 OSD map epochs of start-up (the OSD's boot, the
 *   gateway's pools) take a second; the OSD starts with the monitor (it waits for it itself) and adds itself
 *   to the OSD map (`osd create`, which an OSD sends when its id is missing) instead of `ceph osd new`; and
 *   readiness is probed in-process (the OSD's admin socket, then the gateway's HTTP port), not with the `ceph`
 *   CLI (a Python program, ~0.15 CPU-s a call).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './ports';

const TOOLS = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph-authtool', 'setpriv'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, tool)));
}

export function missingCephTools(): string[] {
  return TOOLS.filter((tool) => !onPath(tool));
}

/** `describe` when the Ceph tools are installed; otherwise skipped with a message, or failed under REQUIRE_CEPH_TESTS=1. */
export function describeWithCeph(name: string, body: () => void): void {
  const missing = missingCephTools();
  if (missing.length === 0) {
    describe(name, body);
  } else if (process.env.REQUIRE_CEPH_TESTS === '1') {
    describe(name, () => {
      test('Ceph RGW is installed (REQUIRE_CEPH_TESTS=1)', () => {
        throw new Error(`cannot run the Ceph RGW suite: ${missing.join(', ')} not on PATH (apt-get install radosgw ceph-mon ceph-osd)`);
      });
    });
  } else {
    console.warn(
      `Skipping "${name}": ${missing.join(', ')} not on PATH. Install the Debian packages radosgw, ceph-mon and ceph-osd to run it.`,
    );
    describe.skip(name, body);
  }
}

async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  log: () => string,
  daemons: ChildProcess[],
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const exited = daemons.find((d) => d.exitCode !== null || d.signalCode !== null);
    if (exited)
      throw new Error(`Ceph: ${exited.spawnargs[4]} exited (${exited.exitCode ?? exited.signalCode}) while waiting for ${what}\n${log()}`);
    if (Date.now() > deadline) throw new Error(`Ceph: timed out waiting for ${what}\n${log()}`);
    // The probes (HTTP, an admin socket) cost next to nothing: poll often.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * One command on a daemon's admin socket, answered in-process (the `ceph daemon` CLI is a Python program):
 * the command as JSON and a NUL, answered by a 4-byte big-endian length and that many bytes of JSON.
 * Undefined while the socket is not there yet.
 */
function adminSocket(socketPath: string, command: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let answer = Buffer.alloc(0);
    socket.on('connect', () => socket.end(`${JSON.stringify(command)}\0`));
    socket.on('data', (chunk) => (answer = Buffer.concat([answer, chunk])));
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => {
      try {
        resolve(answer.length >= 4 ? JSON.parse(answer.subarray(4, 4 + answer.readUInt32BE(0)).toString('utf8')) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

export interface S3Response {
  status: number;
  headers: Headers;
  body: string;
}

export interface CephRgw {
  /** `http://127.0.0.1:<port>`, path-style. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** A signed (AWS signature v2) S3 request without a body, e.g. `request('HEAD', '/bucket/key')`. */
  request(method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', resource: string): Promise<S3Response>;
  stop(): void;
}

/**
 * Start the cluster; one more attempt, on fresh ports, when the first fails. A free port is found by binding
 * port 0 and closing it, so another process (e.g. a second run of this suite) can take it before the monitor
 * binds; the attempt then fails fast: the monitor binds once (`ms bind retry count = 1`, not three times 5 s
 * apart) and exits when the port is taken, so no daemon of ours talks to another cluster's monitor for long
 * (and one that does is refused: its commands carry our fsid).
 */
export async function startCephRgw(buckets: string[]): Promise<CephRgw> {
  try {
    return await startOnce(buckets);
  } catch (error) {
    console.warn(
      `Ceph RGW did not start, trying once more on other ports: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    return startOnce(buckets);
  }
}

async function startOnce(buckets: string[]): Promise<CephRgw> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-ceph-'));
  const conf = path.join(dir, 'ceph.conf');
  const daemons: ChildProcess[] = [];
  const logs = path.join(dir, 'log');
  const logTail = () =>
    fs.existsSync(logs)
      ? fs
          .readdirSync(logs)
          .map((f) => `--- ${f}\n${fs.readFileSync(path.join(logs, f), 'utf8').split('\n').slice(-20).join('\n')}`)
          .join('\n')
      : '';

  const stop = () => {
    process.removeListener('exit', stop);
    for (const daemon of daemons) if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);

  const run = (tool: string, args: string[]) => {
    const result = spawnSync(tool, ['-c', conf, ...args], { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0)
      throw new Error(
        `${tool} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}\n${logTail()}`,
      );
    return result.stdout;
  };
  const daemon = (tool: string, args: string[]) => {
    const out = fs.openSync(path.join(logs, `${tool}.out`), 'a');
    // --pdeathsig: the daemon gets SIGKILL when this process dies, even by SIGKILL. --no-mon-config: no
    // configuration to fetch from the monitor (it holds none), and the daemon's first monitor map is built
    // from ceph.conf, with the fsid; fetching it first left the fsid zero until the monitor's map arrived, and
    // an OSD command sent before that was refused ('wrong fsid'), killing the OSD (one start in ~4).
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', tool, '-c', conf, '-f', '--no-mon-config', ...args], {
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    daemons.push(child);
    return child;
  };

  try {
    const monPort = await freePort();
    const rgwPort = await freePort();
    const osdPortMin = 32768 + Math.floor(Math.random() * 280) * 100;
    const fsid = randomUUID();
    for (const sub of ['mon', 'osd', 'run', 'log']) fs.mkdirSync(path.join(dir, sub));
    fs.writeFileSync(
      conf,
      [
        '[global]',
        `fsid = ${fsid}`,
        // msgr v1 only, on loopback: one address per daemon, no v2 handshake to configure.
        `mon host = v1:127.0.0.1:${monPort}`,
        'ms bind msgr2 = false',
        'ms bind ipv6 = false',
        'public addr = 127.0.0.1',
        'cluster addr = 127.0.0.1',
        `ms bind port min = ${osdPortMin}`,
        `ms bind port max = ${osdPortMin + 99}`,
        'auth cluster required = none',
        'auth service required = none',
        'auth client required = none',
        `run dir = ${dir}/run`,
        `admin socket = ${dir}/run/$name.$pid.asok`,
        `log file = ${logs}/$name.log`,
        `mon data = ${dir}/mon`,
        `osd data = ${dir}/osd`,
        // One OSD: pools of one replica, placement across OSDs rather than hosts, no autoscaler (no mgr).
        'osd pool default size = 1',
        'osd pool default min size = 1',
        'osd pool default pg num = 8',
        'osd pool default pgp num = 8',
        'osd pool default pg autoscale mode = off',
        'mon allow pool size one = true',
        'mon warn on pool no redundancy = false',
        'osd crush chooseleaf type = 0',
        // Commit each map change at once (a test cluster of one monitor, nothing to batch for).
        'paxos propose interval = 0.01',
        'paxos min wait = 0.001',
        'osd objectstore = memstore',
        'memstore device bytes = 268435456',
        '',
        '[mon]',
        // One bind attempt: exit at once when the port is taken (see startCephRgw).
        'ms bind retry count = 1',
        '',
        '[client.rgw]',
        `rgw frontends = beast endpoint=127.0.0.1:${rgwPort}`,
        'rgw crypt require ssl = false',
        `rgw crypt default encryption key = ${randomBytes(32).toString('base64')}`,
        '',
      ].join('\n'),
    );

    const keyring = path.join(dir, 'mon.keyring');
    run('ceph-authtool', ['--create-keyring', keyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    run('monmaptool', ['--create', '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, '--fsid', fsid, path.join(dir, 'monmap')]);
    run('ceph-mon', ['--mkfs', '-i', 'a', '--monmap', path.join(dir, 'monmap'), '--keyring', keyring]);
    daemon('ceph-mon', ['-i', 'a']);
    // While the monitor starts: the OSD's store (no monitor needed, the fsid is in ceph.conf); osd.0 is
    // created in the OSD map by the OSD itself.
    run('ceph-osd', ['--no-mon-config', '-i', '0', '--mkfs', '--osd-uuid', randomUUID()]);
    const osd = daemon('ceph-osd', ['-i', '0']);
    // The OSD is active once it is in the OSD map and CRUSH, and up. A gateway started before that creates its
    // first pool with no OSD to place it on and then stalls ~5 s before its PGs are created.
    await waitUntil(
      'the OSD to be active',
      async () => (await adminSocket(path.join(dir, 'run', `osd.0.${osd.pid}.asok`), { prefix: 'status' }))?.state === 'active',
      logTail,
      daemons,
    );
    // The gateway creates its pools through the monitor and serves HTTP once it can read them.
    daemon('radosgw', ['-n', 'client.rgw']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitUntil(
      'the gateway',
      () =>
        fetch(`${endpoint}/`)
          .then((r) => r.ok)
          .catch(() => false),
      logTail,
      daemons,
    );

    const accessKey = 'DMSCDKTFTEST';
    const secretKey = randomBytes(18).toString('hex');
    run('radosgw-admin', [
      '-n',
      'client.rgw',
      'user',
      'create',
      '--uid',
      'terraform',
      '--display-name',
      'terraform',
      '--access-key',
      accessKey,
      '--secret',
      secretKey,
    ]);

    const request = async (method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', resource: string): Promise<S3Response> => {
      const date = new Date().toUTCString();
      const signature = createHmac('sha1', secretKey).update(`${method}\n\n\n${date}\n${resource}`).digest('base64');
      const response = await fetch(`${endpoint}${resource}`, {
        method,
        headers: { Date: date, Authorization: `AWS ${accessKey}:${signature}` },
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    };
    for (const bucket of buckets) {
      const created = await request('PUT', `/${bucket}`);
      if (created.status !== 200) throw new Error(`creating bucket ${bucket} failed (${created.status}): ${created.body}`);
    }
    return { endpoint, accessKey, secretKey, request, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
