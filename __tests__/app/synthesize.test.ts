/**
 * Installing a synthesized tree: generations swapped by one rename, trees left by killed synths removed, a
 * lock that serialises synths and is taken over from a dead or zombie holder, and Terraform's working state
 * (.terraform/, local state, provider lock files) carried across synths.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type App, TerraformOutput, TerraformStack } from '../../platform/cdktf';
import { acquireOutputLock, processStartTime } from '../../app/output-lock';
import { OutputDirectoryError, synthesizeAtomically } from '../../app/synthesize';

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-synthesize-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** An app of one stack per name, each with one output holding `value`. */
function stacks(value: string, names = ['alpha']) {
  return (app: App) => {
    for (const name of names) new TerraformOutput(new TerraformStack(app, name), 'value', { value });
  };
}

function outputOf(outdir: string, stack = 'alpha'): string {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')).output.value.value;
}

const quiet = { warn: () => {} };

describe('synthesizeAtomically: installing the tree', () => {
  test('GIVEN no output yet WHEN synthesized THEN outdir is a link to a generation holding the tree', async () => {
    const outdir = path.join(work, 'cdktf.out');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(outdir)).toMatch(/^cdktf\.out\.gen-\d{8}T\d{6}-\d+-[0-9a-f]{6}$/);
    expect(outputOf(outdir)).toBe('one');
  });

  test('GIVEN a previous tree WHEN synthesized again THEN the link points at the new tree and the old generation is gone', async () => {
    const outdir = path.join(work, 'cdktf.out');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    const first = fs.readlinkSync(outdir);
    await synthesizeAtomically(outdir, stacks('two'), quiet);
    expect(fs.readlinkSync(outdir)).not.toBe(first);
    expect(outputOf(outdir)).toBe('two');
    expect(fs.readdirSync(work).sort()).toEqual(['cdktf.out', fs.readlinkSync(outdir)].sort());
  });

  test('GIVEN a synth that fails WHEN it throws THEN the previous tree is still installed and no generation is left over', async () => {
    const outdir = path.join(work, 'cdktf.out');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    const installed = fs.readlinkSync(outdir);
    await expect(
      synthesizeAtomically(
        outdir,
        () => {
          throw new Error('invalid config');
        },
        quiet,
      ),
    ).rejects.toThrow('invalid config');
    expect(fs.readlinkSync(outdir)).toBe(installed);
    expect(outputOf(outdir)).toBe('one');
    expect(fs.readdirSync(work).sort()).toEqual(['cdktf.out', installed].sort());
  });

  test('GIVEN an outdir that is a real directory (the layout before generations) WHEN synthesized THEN it is replaced by a link', async () => {
    const outdir = path.join(work, 'cdktf.out');
    fs.mkdirSync(path.join(outdir, 'stacks', 'alpha'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'alpha', 'terraform.tfstate'), '{"version":4}');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(outputOf(outdir)).toBe('one');
    // Local state of the old directory is carried over, not deleted with it.
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'alpha', 'terraform.tfstate'), 'utf8')).toBe('{"version":4}');
  });

  test('GIVEN trees left by killed synths WHEN synthesized THEN they are removed', async () => {
    const outdir = path.join(work, 'cdktf.out');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    const leftovers = [
      `${outdir}.gen-20260101T000000-1-abcdef`,
      `${outdir}.link-999999`,
      `${outdir}.lock.stale-999999-abcdef01`,
      `${outdir}.tmp-999999`,
      `${outdir}.old-999999`,
    ];
    for (const dir of leftovers) fs.mkdirSync(path.join(dir, 'stacks'), { recursive: true });
    await synthesizeAtomically(outdir, stacks('two'), quiet);
    for (const dir of leftovers) expect(fs.existsSync(dir)).toBe(false);
    expect(outputOf(outdir)).toBe('two');
  });

  test('GIVEN the old tree cannot be removed WHEN synthesized THEN the new tree is installed and a warning names the old one', async () => {
    const outdir = path.join(work, 'cdktf.out');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    const old = path.resolve(work, fs.readlinkSync(outdir));
    const rmSync = fs.rmSync;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object app/synthesize.ts uses (`import * as` is a copy)
    const spy = jest.spyOn(require('node:fs') as typeof fs, 'rmSync').mockImplementation((target, options) => {
      if (target === old) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
      return rmSync(target, options);
    });
    const warnings: string[] = [];
    try {
      await synthesizeAtomically(outdir, stacks('two'), { warn: (message) => warnings.push(message) });
    } finally {
      spy.mockRestore();
    }
    expect(outputOf(outdir)).toBe('two');
    expect(warnings).toEqual([`warning: could not remove ${old} (EBUSY); remove it by hand`]);
  });

  test('GIVEN outdir is a symbolic link synth did not make WHEN synthesized THEN it is refused and the link kept', async () => {
    const elsewhere = path.join(work, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const outdir = path.join(work, 'cdktf.out');
    fs.symlinkSync(elsewhere, outdir);
    const attempt = synthesizeAtomically(outdir, stacks('one'), quiet);
    await expect(attempt).rejects.toThrow(OutputDirectoryError);
    await expect(synthesizeAtomically(outdir, stacks('one'), quiet)).rejects.toThrow(
      `${outdir} is a symbolic link to ${elsewhere}, which synth did not make; remove the link, or point CDKTF_OUTDIR at the directory you want`,
    );
    expect(fs.readlinkSync(outdir)).toBe(elsewhere);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  test('GIVEN outdir is a regular file WHEN synthesized THEN it is refused with a one-line message', async () => {
    const outdir = path.join(work, 'cdktf.out');
    fs.writeFileSync(outdir, 'not a tree');
    await expect(synthesizeAtomically(outdir, stacks('one'), quiet)).rejects.toThrow(
      `${outdir} exists and is not a directory; move it away`,
    );
    expect(fs.readFileSync(outdir, 'utf8')).toBe('not a tree');
  });
});

describe('synthesizeAtomically: Terraform working state', () => {
  test('GIVEN an initialised stack directory WHEN synthesized again THEN .terraform, local state and the lock file are carried over', async () => {
    // GIVEN
    const outdir = path.join(work, 'cdktf.out');
    await synthesizeAtomically(outdir, stacks('one'), quiet);
    const stackDir = path.join(outdir, 'stacks', 'alpha');
    fs.mkdirSync(path.join(stackDir, '.terraform', 'providers'), { recursive: true });
    fs.writeFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), 'backend');
    fs.symlinkSync('/opt/somewhere/linux_amd64', path.join(stackDir, '.terraform', 'providers', 'linux_amd64'));
    fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), 'state');
    fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'lock');
    // WHEN
    await synthesizeAtomically(outdir, stacks('two'), quiet);
    // THEN
    expect(outputOf(outdir)).toBe('two');
    expect(fs.readFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), 'utf8')).toBe('backend');
    expect(fs.readlinkSync(path.join(stackDir, '.terraform', 'providers', 'linux_amd64'))).toBe('/opt/somewhere/linux_amd64');
    expect(fs.readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8')).toBe('state');
    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8')).toBe('lock');
  });

  test('GIVEN a project lock file WHEN synthesized THEN it is copied into the stack; WHEN init changes it THEN the next synth saves it back', async () => {
    const outdir = path.join(work, 'cdktf.out');
    const locksDir = path.join(work, 'locks');
    fs.mkdirSync(locksDir);
    const kept = path.join(locksDir, 'alpha.terraform.lock.hcl');
    fs.writeFileSync(kept, 'pinned');
    fs.utimesSync(kept, new Date('2026-01-01'), new Date('2026-01-01'));
    const saved: string[] = [];
    const options = { locksDir, warn: (message: string) => saved.push(message) };

    await synthesizeAtomically(outdir, stacks('one', ['alpha', 'beta']), options);
    const lockIn = (stack: string) => path.join(outdir, 'stacks', stack, '.terraform.lock.hcl');
    expect(fs.readFileSync(lockIn('alpha'), 'utf8')).toBe('pinned');
    expect(fs.existsSync(lockIn('beta'))).toBe(false);

    // `terraform init` in both stack directories: alpha's lock gains a hash, beta gets its first lock file.
    fs.writeFileSync(lockIn('alpha'), 'pinned + zh hash');
    fs.writeFileSync(lockIn('beta'), 'first');
    await synthesizeAtomically(outdir, stacks('two', ['alpha', 'beta']), options);
    expect(fs.readFileSync(kept, 'utf8')).toBe('pinned + zh hash');
    expect(fs.readFileSync(path.join(locksDir, 'beta.terraform.lock.hcl'), 'utf8')).toBe('first');
    expect(fs.readFileSync(lockIn('alpha'), 'utf8')).toBe('pinned + zh hash');
    expect(saved).toHaveLength(2);
  });

  test('GIVEN the project lock file is newer than the stack copy (a pull updated it) WHEN synthesized THEN the project copy wins', async () => {
    const outdir = path.join(work, 'cdktf.out');
    const locksDir = path.join(work, 'locks');
    fs.mkdirSync(locksDir);
    const kept = path.join(locksDir, 'alpha.terraform.lock.hcl');
    await synthesizeAtomically(outdir, stacks('one'), { locksDir, ...quiet });
    const lockInStack = path.join(outdir, 'stacks', 'alpha', '.terraform.lock.hcl');
    fs.writeFileSync(lockInStack, 'old provider');
    fs.utimesSync(lockInStack, new Date('2026-01-01'), new Date('2026-01-01'));
    fs.writeFileSync(kept, 'upgraded provider');
    await synthesizeAtomically(outdir, stacks('two'), { locksDir, ...quiet });
    expect(fs.readFileSync(kept, 'utf8')).toBe('upgraded provider');
    expect(fs.readFileSync(lockInStack, 'utf8')).toBe('upgraded provider');
  });
});

describe('acquireOutputLock', () => {
  test('GIVEN a lock held by a running process WHEN acquired THEN it waits, then fails with a message naming the holder', async () => {
    const lockFile = path.join(work, '.lock');
    const holder = await acquireOutputLock(lockFile);
    const waitedFor: number[] = [];
    await expect(acquireOutputLock(lockFile, { timeoutMs: 300, onWait: (pid) => waitedFor.push(pid) })).rejects.toThrow(
      `another synth (pid ${process.pid}) has held ${lockFile} for over 0 s; wait for it to finish, or stop it (set DMS_SYNTH_LOCK_TIMEOUT to wait longer)`,
    );
    expect(waitedFor).toEqual([process.pid]);
    holder.release();
    const next = await acquireOutputLock(lockFile, { timeoutMs: 300 });
    expect(next.held()).toBe(true);
    next.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  test('GIVEN a lock released while another waits WHEN released THEN the waiter gets it', async () => {
    const lockFile = path.join(work, '.lock');
    const holder = await acquireOutputLock(lockFile);
    const waiter = acquireOutputLock(lockFile, { timeoutMs: 5000, onWait: () => setTimeout(() => holder.release(), 100) });
    const lock = await waiter;
    expect(lock.held()).toBe(true);
    expect(holder.held()).toBe(false);
    lock.release();
  });

  test('GIVEN a lock naming a process that has exited WHEN acquired THEN it is taken over at once', async () => {
    const lockFile = path.join(work, '.lock');
    const child = spawn('true');
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.on('exit', resolve));
    fs.writeFileSync(lockFile, `${pid} 12345 abcdef0123456789\n`);
    const started = Date.now();
    const lock = await acquireOutputLock(lockFile, { timeoutMs: 10_000, onWait: () => {} });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lock.held()).toBe(true);
    lock.release();
  });

  test('GIVEN a lock naming a reused pid (another start time) WHEN acquired THEN it is taken over', async () => {
    const lockFile = path.join(work, '.lock');
    // This process is running, but it is not the process that wrote the lock: the start time differs.
    fs.writeFileSync(lockFile, `${process.pid} 1 abcdef0123456789\n`);
    const lock = await acquireOutputLock(lockFile, { timeoutMs: 10_000, onWait: () => {} });
    expect(lock.held()).toBe(true);
    lock.release();
  });

  (process.platform === 'linux' ? test : test.skip)(
    'GIVEN a lock naming a zombie (killed, not yet reaped) WHEN acquired THEN it is taken over at once',
    async () => {
      // `sleep 30` replaces the shell and never reaps its child, so the child stays a zombie after it exits.
      const parent = spawn('bash', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
      try {
        const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (data) => resolve(String(data).trim()))));
        const startTime = fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1].split(' ')[19];
        for (let i = 0; i < 100 && processStartTime(zombie) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
        expect(fs.readFileSync(`/proc/${zombie}/stat`, 'utf8')).toMatch(/\) Z /);
        fs.writeFileSync(path.join(work, '.lock'), `${zombie} ${startTime} abcdef0123456789\n`);
        const lock = await acquireOutputLock(path.join(work, '.lock'), { timeoutMs: 10_000, onWait: () => {} });
        expect(lock.held()).toBe(true);
        lock.release();
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );

  test('GIVEN an unreadable lock (not written by this code) WHEN acquired THEN it is treated as stale', async () => {
    const lockFile = path.join(work, '.lock');
    fs.writeFileSync(lockFile, '');
    const lock = await acquireOutputLock(lockFile, { timeoutMs: 1000, onWait: () => {} });
    expect(lock.held()).toBe(true);
    lock.release();
  });
});
