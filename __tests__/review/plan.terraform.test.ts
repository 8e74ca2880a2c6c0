/**
 * The plan gate (`npm run review -- --plan`) against plans from real offline `terraform plan` runs of the
 * synthesized stacks. One `terraform init` serves both stacks (same provider, same local backend); each plan
 * runs in its own copy of the initialised directory with its configuration (`cdk.tf.json`) and state
 * (`terraform.tfstate`, built from the create plan as if it had been applied), with `-refresh=false` (offline,
 * nothing can be refreshed), so plans that do not depend on each other run at once, two at a time.
 *
 * Terraform 1.11 cannot produce some action lists here; those cases edit a real plan and say so:
 * imports (the provider must read the object from AWS), `["create","forget"]` / `["forget","create"]`,
 * action lists that do not exist, unknown resource types, plans without `resource_changes`, errored plans.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { ACTION_LISTS, codeMismatches, reviewPlans } from '../../review/plan';
import { readSynthesizedTree } from '../../review/synthesized';
import { expectSuccess, offlineCopy, offlineOverride, offlineTerraformEnvironment, terraformAsync } from '../../app/terraform-offline';
import { dynamodbConfig, redshiftConfig } from '../support/helpers';
import { type StateV4, stateFromPlan } from '../support/legacy-state';
import { describeWithTerraform, pluginMirror, synthesizeTo } from '../support/terraform';
import { providerSchemas } from '../support/provider-schema';
import { must } from '../support/must';
import { planAndShow } from '../support/reattached-provider';
import type { Json } from '../../review/synthesized';

jest.setTimeout(900_000);

const R = 'redshift-fed-prod';
const L = 'loanapp-dynamodb-dev';
const root = projectRoot();
const cli = (...args: string[]) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'review.js'), ...args], { cwd: root, encoding: 'utf8' });

describeWithTerraform('the plan gate on real offline plans', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-gate-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  const trees: Record<string, string> = {};
  const plans: Record<string, Json> = {};
  const files: Record<string, string> = {};
  const states: Record<string, StateV4> = {};
  fs.mkdirSync(path.join(work, 'plans'));

  const stackFile = (tree: string, stack: string) => path.join(trees[tree], 'stacks', stack, 'cdk.tf.json');
  const readStack = (tree: string, stack: string): Json => JSON.parse(fs.readFileSync(stackFile(tree, stack), 'utf8'));
  const writeStack = (tree: string, stack: string, json: Json) => fs.writeFileSync(stackFile(tree, stack), JSON.stringify(json, null, 2));

  /** A cdktf.out tree synthesized like `npm run synth`, optionally edited by hand afterwards. */
  async function tree(name: string, input: Parameters<typeof synthesizeTo>[1]): Promise<void> {
    trees[name] = path.join(work, 'trees', name);
    await synthesizeTo(trees[name], input);
  }
  function copyTree(from: string, to: string): void {
    trees[to] = path.join(work, 'trees', to);
    // cdktf.out may be a link to the generation synth installed: copy what it points at, never the link.
    fs.cpSync(fs.realpathSync(trees[from]), trees[to], { recursive: true, dereference: true });
  }
  /** Save an edited copy of a real plan. */
  function edited(name: string, from: string, edit: (plan: Json) => void): string {
    const plan = structuredClone(plans[from]);
    edit(plan);
    plans[name] = plan;
    files[name] = path.join(work, 'plans', `${name}.json`);
    fs.writeFileSync(files[name], JSON.stringify(plan));
    return files[name];
  }

  /** A deep copy with `edit` applied to every array and string (depth first). */
  function rewrite(value: Json, edit: (value: Json) => Json): Json {
    if (Array.isArray(value)) return edit(value.map((v) => rewrite(v, edit)));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, edit)]));
    return edit(value);
  }

  /** A dynamically typed attribute as state v4 stores it: the value with its type. */
  function dynamic(value: Json): Json {
    const typeOf = (v: Json): Json =>
      typeof v === 'string'
        ? 'string'
        : typeof v === 'number'
          ? 'number'
          : typeof v === 'boolean'
            ? 'bool'
            : Array.isArray(v)
              ? ['tuple', v.map(typeOf)]
              : ['object', Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeOf(x)]))];
    return value === null || value === undefined ? null : { value, type: typeOf(value) };
  }

  /** At most two plans (each with its show) at once: one per core. */
  const slots = { free: 2, waiting: [] as (() => void)[] };
  async function inSlot<T>(job: () => Promise<T>): Promise<T> {
    if (slots.free > 0) slots.free--;
    else await new Promise<void>((resolve) => slots.waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = slots.waiting.shift();
      if (next) next();
      else slots.free++;
    }
  }

  /** A stack's initialised directory; each plan runs in a copy of it with its own configuration and state. */
  class Planner {
    readonly dir: string;
    constructor(readonly stack: string) {
      this.dir = path.join(work, 'tf', stack);
    }
    /** `terraform init`, or, given a planner already initialised, its `.terraform` and lock file. */
    async init(fromTree: string, initialised?: Planner): Promise<void> {
      offlineCopy(path.dirname(stackFile(fromTree, this.stack)), this.dir, offlineOverride('us-west-2'));
      if (!initialised) {
        expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], this.dir, tf.env), `init ${this.stack}`);
        return;
      }
      // .terraform holds a link to the mirror's provider and the local backend's settings: nothing per stack.
      for (const entry of ['.terraform', '.terraform.lock.hcl'])
        fs.cpSync(path.join(initialised.dir, entry), path.join(this.dir, entry), { recursive: true });
    }
    async plan(name: string, fromTree: string, state?: StateV4): Promise<Json> {
      const dir = path.join(work, 'runs', name);
      fs.cpSync(this.dir, dir, { recursive: true });
      fs.copyFileSync(stackFile(fromTree, this.stack), path.join(dir, 'cdk.tf.json'));
      if (state) fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
      const { shown } = await inSlot(() => planAndShow(dir, tf.env, ['-refresh=false', '-lock=false']));
      files[name] = path.join(work, 'plans', `${name}.json`);
      fs.writeFileSync(files[name], shown);
      fs.copyFileSync(path.join(dir, 'plan.bin'), path.join(work, 'plans', `${name}.bin`));
      plans[name] = JSON.parse(shown);
      return plans[name];
    }
    /** The state as if `plan` had been applied (ids as AWS would give them where tests rely on them). */
    async applied(plan: Json): Promise<StateV4> {
      // Shared with every suite through the content-keyed cache (support/provider-schema.ts).
      const schemas = await providerSchemas(this.dir, tf.env);
      const managed = structuredClone({ ...plan, resource_changes: plan.resource_changes.filter((c: Json) => c.mode === 'managed') });
      // Values AWS would return where a stand-in would not do: an IAM role's id is its name (policies refer
      // to it, the handover test imports by it); a standard topic has no FIFO throughput scope.
      const known = (change: Json, attribute: string, value: unknown) => {
        change.change.after[attribute] = value;
        delete change.change.after_unknown[attribute];
      };
      // A task's ARN ends in its resource identifier, which alarms and the dashboard take from it
      // (`element(split(":", arn), 6)`). Those values are placeholders here; `converge` lets Terraform compute them.
      for (const change of managed.resource_changes) {
        if (change.type === 'aws_dms_replication_task')
          known(change, 'replication_task_arn', `arn:aws:dms:us-west-2:459286107047:task:${change.change.after.resource_identifier}`);
        if (change.type === 'aws_iam_role') known(change, 'id', change.change.after.name);
        if (change.type === 'aws_sns_topic') known(change, 'fifo_throughput_scope', null);
        if (change.type === 'aws_cloudwatch_metric_alarm' && change.change.after_unknown.dimensions) known(change, 'dimensions', {});
        if (change.type === 'aws_cloudwatch_dashboard' && change.change.after_unknown.dashboard_body) known(change, 'dashboard_body', '{}');
      }
      // terraform_data belongs to Terraform's builtin provider, which stateFromPlan does not model.
      const builtin = managed.resource_changes.filter((c: Json) => c.type === 'terraform_data');
      managed.resource_changes = managed.resource_changes.filter((c: Json) => c.type !== 'terraform_data');
      const state = stateFromPlan(managed, schemas, (address) => address);
      for (const change of builtin) {
        const { input = null, triggers_replace = null } = change.change.after;
        state.resources.push({
          mode: 'managed',
          type: 'terraform_data',
          name: change.name,
          provider: 'provider["terraform.io/builtin/terraform"]',
          instances: [
            {
              schema_version: 0,
              attributes: {
                id: `gate-${change.name}`,
                input: dynamic(input),
                output: dynamic(input),
                triggers_replace: dynamic(triggers_replace),
              },
              sensitive_attributes: [],
            },
          ],
        });
      }
      return state;
    }
  }

  /**
   * Values computed from other resources' attributes (an alarm's dimension from the task ARN) are only known
   * once those are in state: plan once more and take the planned values of what would be updated. The plan is
   * named `name` and may be of `planned`, `state` with more in it (a deposed object): its updates are the same.
   */
  async function converge(
    planner: Planner,
    fromTree: string,
    state: StateV4,
    name = `${planner.stack}-converge`,
    planned: StateV4 = state,
  ): Promise<StateV4> {
    const plan = await planner.plan(name, fromTree, planned);
    const next = structuredClone(state);
    for (const change of plan.resource_changes) {
      if (change.change.actions.join() !== 'update' || Object.values(change.change.after_unknown ?? {}).some((v) => v === true)) continue;
      const resource = next.resources.find((res: Json) => `${res.type}.${res.name}` === change.address);
      resource.instances[0].attributes = { ...resource.instances[0].attributes, ...change.change.after };
    }
    return next;
  }

  const r = new Planner(R);
  const l = new Planner(L);

  beforeAll(async () => {
    const both = (mutateR: Parameters<typeof redshiftConfig>[0], mutateL: Parameters<typeof dynamodbConfig>[0]) => ({
      pipelines: [...redshiftConfig(mutateR).pipelines, ...dynamodbConfig(mutateL).pipelines],
    });
    await tree(
      'base',
      both(
        () => {},
        () => {},
      ),
    );
    await tree('loanapp-only', dynamodbConfig());
    // R: the task replaced (new resource identifier), the security group moved to another VPC (replaced
    // create-first), monitoring off (alarms, topic and key deleted), a bigger instance (update).
    // L: the task and the Payments table replaced.
    await tree(
      'changes',
      both(
        (p) => {
          p.tasks[0].resourceIdentifier = 'redshift-fed-prod-repl-v2';
          p.network.vpcId = 'vpc-0fedcba9876543210';
          p.monitoring = { ...p.monitoring, enabled: false };
          p.replicationInstance.instanceClass = 'dms.r5.large';
        },
        (p) => {
          p.tasks[0].resourceIdentifier = 'loanapp-dynamodb-dev-task-v2';
          p.target.tables[1].name = 'LoanApp-Payments-dev-v2';
        },
      ),
    );
    // R on a new replication instance (README: "Replacing the replication instance").
    await tree(
      'new-instance',
      both(
        (p) => void (p.replicationInstance.id = 'redshift-fed-prod-repl-2'),
        () => {},
      ),
    );
    // L: in-place updates of the task (MaxFullLoadSubTasks 8 → 16) and the source endpoint (database name).
    await tree(
      'updates',
      both(
        () => {},
        (p) => {
          p.tasks[0].settings = { profiles: ['dynamodb-target', 'logging'], overrides: { FullLoadSettings: { MaxFullLoadSubTasks: 16 } } };
          p.source.databaseName = 'LoanApplicationV2';
        },
      ),
    );

    // R with a data source read at apply time (it depends on the bucket's ARN): Terraform plans a `read`.
    copyTree('base', 'with-read');
    const withRead = readStack('with-read', R);
    withRead.data = {
      aws_iam_policy_document: {
        gate_probe: { statement: [{ actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.staging.arn}/*'] }] },
      },
    };
    writeStack('with-read', R, withRead);

    // R hands the task log group over to L: a `removed` block here, an `import` block there (a real handover
    // of the account roles to the account stack is in dms-account-stack.terraform.test.ts). The task is also
    // renamed with a `moved` block.
    copyTree('base', 'handover');
    const giving = readStack('handover', R);
    const logGroup = giving.resource.aws_cloudwatch_log_group.task_logs;
    delete giving.resource.aws_cloudwatch_log_group;
    giving.removed = [{ from: 'aws_cloudwatch_log_group.task_logs', lifecycle: { destroy: false } }];
    const renamed = rewrite(giving, (value) =>
      Array.isArray(value)
        ? value.filter((v) => v !== 'aws_cloudwatch_log_group.task_logs')
        : typeof value === 'string'
          ? value.replace(/aws_dms_replication_task\.replication_task\./g, 'aws_dms_replication_task.replication_task_main.')
          : value,
    );
    renamed.resource.aws_dms_replication_task = { replication_task_main: renamed.resource.aws_dms_replication_task.replication_task };
    renamed.moved = [{ from: 'aws_dms_replication_task.replication_task', to: 'aws_dms_replication_task.replication_task_main' }];
    writeStack('handover', R, renamed);
    copyTree('handover', 'no-handover');
    const taking = readStack('handover', L);
    taking.resource.aws_cloudwatch_log_group = { task_logs: logGroup };
    taking.import = [{ to: 'aws_cloudwatch_log_group.task_logs', id: logGroup.name }];
    writeStack('handover', L, taking);

    await r.init('base');
    await l.init('base', r);
    await Promise.all([
      (async () => {
        const created = await r.applied(await r.plan('r-create', 'with-read'));
        // A deposed security group, as an interrupted create-first replacement leaves it. Its plan is also the
        // one that converges the applied state (one Terraform plan and show fewer): the deposed object does
        // not change what the alarms and the dashboard are updated to, and the converged state leaves it out.
        const deposed = structuredClone(created);
        const group = deposed.resources.find((res: Json) => res.type === 'aws_security_group');
        group.instances.push({
          ...structuredClone(group.instances[0]),
          deposed: '00000001',
          attributes: { ...group.instances[0].attributes, id: 'sg-0deposed0000000001' },
        });
        states.r = await converge(r, 'base', created, 'r-deposed', deposed);
        // Step 3 of the README procedure: the old instance is removed from state, left in AWS.
        const withoutInstance = structuredClone(states.r);
        withoutInstance.resources = withoutInstance.resources.filter((res: Json) => res.type !== 'aws_dms_replication_instance');
        await Promise.all([
          r.plan('r-noop', 'base', states.r),
          r.plan('r-changes', 'changes', states.r),
          r.plan('r-handover', 'handover', states.r),
          r.plan('r-new-instance', 'new-instance', withoutInstance),
        ]);
        // The JSON of a state, as `terraform show -json` without a plan prints it: a JSON plan carries its prior
        // state in exactly that form (format_version, terraform_version, values), so it is taken from the real
        // no-op plan instead of one more Terraform run.
        fs.writeFileSync(path.join(work, 'plans', 'state-show.json'), JSON.stringify(plans['r-noop'].prior_state));
        fs.writeFileSync(path.join(work, 'plans', 'terraform.tfstate'), JSON.stringify(states.r));
      })(),
      (async () => {
        states.l = await converge(l, 'base', await l.applied(await l.plan('l-create', 'base')));
        await Promise.all([l.plan('l-updates', 'updates', states.l), l.plan('l-changes', 'changes', states.l)]);
      })(),
    ]);
  });
  afterAll(() => (process.env.GATE_KEEP ? console.log(work) : fs.rmSync(work, { recursive: true, force: true })));

  const gate = (tree: string, names: string[], allow: string[] = []) =>
    reviewPlans(
      names.map((n) => ({ file: files[n], plan: plans[n] })),
      readSynthesizedTree(trees[tree]),
      allow,
    );
  const one = (tree: string, name: string, allow: string[] = []) => gate(tree, [name], allow).reviews[0];
  const change = (name: string, address: string) => one_change(plans[name], address);
  function one_change(plan: Json, address: string): Json {
    const found = plan.resource_changes.find((c: Json) => c.address === address && c.deposed === undefined);
    if (!found) throw new Error(`no change to ${address}`);
    return found;
  }
  const blockedAddresses = (review: ReturnType<typeof one>) => review.blocked.map((f) => f.address).sort();

  describe('action lists from real plans', () => {
    test('GIVEN a stack planned from nothing WHEN reviewed THEN create and the deferred read pass', () => {
      const review = one('with-read', 'r-create');
      expect(review.stack).toBe(R);
      expect(review.refused).toEqual([]);
      expect(review.counts.create).toBe(plans['r-create'].resource_changes.filter((c: Json) => c.mode === 'managed').length);
      expect(change('r-create', 'data.aws_iam_policy_document.gate_probe').change.actions).toEqual(['read']);
      expect(review.counts.read).toBe(1);
      expect(review.blocked).toEqual([]);
    });

    test('GIVEN the applied state and the same code WHEN planned THEN every change is a no-op and the plan passes (CLI exit 0, "No changes"-free counts)', () => {
      const review = one('base', 'r-noop');
      expect(review.changes.every((c) => c.action === 'no-op')).toBe(true);
      expect(review.refused).toEqual([]);
      expect(review.blocked).toEqual([]);
      const result = cli('--out', trees.base, '--plan', files['r-noop']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`(stack \`${R}\`)`);
    });

    test('GIVEN a replaced task, a security group in another VPC, monitoring off and a bigger instance WHEN planned THEN delete-first and create-first replacements and deletes of protected resources block', () => {
      expect(change('r-changes', 'aws_dms_replication_task.replication_task').change.actions).toEqual(['delete', 'create']);
      // modules/dms makes the group and its rules create-before-destroy.
      expect(change('r-changes', 'aws_security_group.replication_instance').change.actions).toEqual(['create', 'delete']);
      const rules = plans['r-changes'].resource_changes.filter((c: Json) => c.type === 'aws_vpc_security_group_egress_rule');
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.change.actions).toEqual(['create', 'delete']);
      expect(change('r-changes', 'aws_dms_replication_instance.replication_instance').change.actions).toEqual(['update']);
      expect(change('r-changes', 'aws_kms_key.alerts_key').change.actions).toEqual(['delete']);

      const review = one('changes', 'r-changes');
      expect(review.refused).toEqual([]);
      const blocked = new Map(review.blocked.map((f) => [f.address, f]));
      expect(must(blocked.get('aws_dms_replication_task.replication_task')).message).toBe(
        'replace (delete first) because of resource_identifier: a replaced CDC task restarts its full load',
      );
      expect(must(blocked.get('aws_security_group.replication_instance')).message).toMatch(/^replace \(create first\) because of vpc_id: /);
      for (const rule of rules) expect(must(blocked.get(rule.address)).message).toMatch(/^replace \(create first\)/);
      for (const address of [
        'aws_kms_key.alerts_key',
        'aws_sns_topic.alerts',
        'aws_sns_topic_policy.alerts_policy',
        'aws_sns_topic_subscription.alerts_email_data_platform_oncall_example_com',
      ]) {
        expect(blocked.get(address)?.message).toMatch(/^delete: /);
      }
      // Alarms, dashboard, event subscriptions and the alias are recreated from config: not blocked.
      const deletedFreely = review.changes.filter((c) => c.action === 'delete' && !blocked.has(c.address)).map((c) => c.type);
      expect(new Set(deletedFreely)).toEqual(
        new Set(['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_dashboard', 'aws_dms_event_subscription', 'aws_kms_alias']),
      );
      expect(review.blocked.every((f) => f.allowable && f.stack === R)).toBe(true);
    });

    test('GIVEN the same plan WHEN every blocked address is allowed, stack-qualified or bare (one plan) THEN it passes, and the CLI exits 1 then 0', () => {
      const blocked = one('changes', 'r-changes').blocked.map((f) => f.address);
      const qualified = blocked.map((a) => `${R}:${a}`);
      expect(one('changes', 'r-changes', qualified).blocked).toEqual([]);
      expect(one('changes', 'r-changes', blocked).blocked).toEqual([]);
      expect(one('changes', 'r-changes', qualified.slice(1)).blocked.map((f) => f.address)).toEqual([blocked[0]]);

      const refusedRun = cli('--out', trees.changes, '--plan', files['r-changes']);
      expect(refusedRun.status).toBe(1);
      expect(refusedRun.stdout).toContain('**Blocked:**');
      expect(refusedRun.stdout).toContain(`rerun with --allow-replace ${R}:aws_dms_replication_task.replication_task if intended`);
      expect(refusedRun.stderr).toContain(`blocked: ${R}:aws_dms_replication_task.replication_task ["delete","create"]`);
      const allowedRun = cli('--out', trees.changes, '--plan', files['r-changes'], ...qualified.flatMap((a) => ['--allow-replace', a]));
      expect(allowedRun.status).toBe(0);
      expect(allowedRun.stdout).toContain(
        `Allowed by --allow-replace ${R}:aws_dms_replication_task.replication_task: replace (delete first)`,
      );
    });

    test("GIVEN L's task and DynamoDB table replaced WHEN planned THEN both block", () => {
      const review = one('changes', 'l-changes');
      expect(review.stack).toBe(L);
      expect(review.refused).toEqual([]);
      expect(blockedAddresses(review)).toEqual(
        expect.arrayContaining(['aws_dms_replication_task.replication_task', 'aws_dynamodb_table.payments']),
      );
      expect(must(review.blocked.find((f) => f.address === 'aws_dynamodb_table.payments')).message).toMatch(
        /^replace \(delete first\) because of name: the target table and its items are lost$/,
      );
    });

    test('GIVEN a plan that forgets a log group another stack imports (removed / import blocks) and moves the task WHEN reviewed THEN the handover and the move pass', () => {
      expect(change('r-handover', 'aws_cloudwatch_log_group.task_logs').change.actions).toEqual(['forget']);
      const moved = change('r-handover', 'aws_dms_replication_task.replication_task_main');
      expect(moved.previous_address).toBe('aws_dms_replication_task.replication_task');
      expect(moved.change.actions).toEqual(['no-op']);
      const review = one('handover', 'r-handover');
      expect(review.refused).toEqual([]);
      expect(review.counts.forget).toBe(1);
      expect(review.blocked).toEqual([]);
      expect(must(review.changes.find((c) => c.address === moved.address)).movedFrom).toBe('aws_dms_replication_task.replication_task');
    });

    test('GIVEN the same forget without an import anywhere WHEN reviewed THEN it blocks until allowed explicitly', () => {
      const review = one('no-handover', 'r-handover');
      expect(review.refused).toEqual([]);
      expect(blockedAddresses(review)).toEqual(['aws_cloudwatch_log_group.task_logs']);
      expect(review.blocked[0].message).toMatch(/^forget \(removed from state, left in AWS\): no other stack of this app imports it/);
      const allow = [`${R}:aws_cloudwatch_log_group.task_logs`];
      expect(one('no-handover', 'r-handover', allow).blocked).toEqual([]);
      expect(cli('--out', trees['no-handover'], '--plan', files['r-handover']).status).toBe(1);
      expect(
        cli('--out', trees['no-handover'], '--plan', files['r-handover'], ...allow.flatMap((a) => ['--allow-replace', a])).status,
      ).toBe(0);
    });

    test('GIVEN a deposed security group in state WHEN planned THEN Terraform deletes the deposed object and the gate blocks it', () => {
      const deposed = plans['r-deposed'].resource_changes.find((c: Json) => c.deposed !== undefined);
      expect(deposed).toMatchObject({
        address: 'aws_security_group.replication_instance',
        deposed: '00000001',
        change: { actions: ['delete'] },
      });
      const review = one('base', 'r-deposed');
      expect(review.refused).toEqual([]);
      expect(review.blocked).toEqual([
        expect.objectContaining({
          address: 'aws_security_group.replication_instance',
          message: expect.stringMatching(/^delete deposed object 00000001: /),
        }),
      ]);
    });
  });

  describe('action lists Terraform 1.11 does not write for these stacks (edited real plans)', () => {
    test('GIVEN imports (no-op and update; offline Terraform cannot read the object to import) WHEN reviewed THEN they pass and are listed', () => {
      edited('r-import', 'r-noop', (plan) => {
        one_change(plan, 'aws_iam_role.dms_secrets_role').change.importing = { id: 'redshift-fed-prod-dms-secrets-role' };
        const logs = one_change(plan, 'aws_cloudwatch_log_group.task_logs');
        logs.change.importing = { id: 'dms-tasks-redshift-fed-prod-replication-instance' };
        logs.change.actions = ['update'];
      });
      const review = one('base', 'r-import');
      expect(review.blocked).toEqual([]);
      expect(review.changes.filter((c) => c.importing).map((c) => [c.address, c.action])).toEqual([
        ['aws_cloudwatch_log_group.task_logs', 'update'],
        ['aws_iam_role.dms_secrets_role', 'no-op'],
      ]);
      const result = cli('--out', trees.base, '--plan', files['r-import']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('| no-op | aws_iam_role.dms_secrets_role | imported |');
    });

    test.each([
      [['create', 'forget'], 'replace (create first, old object forgotten)'],
      [['forget', 'create'], 'replace (old object forgotten first)'],
    ])('GIVEN %j on the task WHEN reviewed THEN it blocks as a replacement; on an alarm it passes', (actions, label) => {
      edited('r-forget-replace', 'r-changes', (plan) => {
        one_change(plan, 'aws_dms_replication_task.replication_task').change.actions = actions;
      });
      const review = one('changes', 'r-forget-replace');
      expect(must(review.blocked.find((f) => f.address === 'aws_dms_replication_task.replication_task')).message).toMatch(
        new RegExp(`^${label.replace(/[()]/g, '\\$&')}`),
      );
      edited('r-forget-replace-alarm', 'r-noop', (plan) => {
        plan.resource_changes.find((c: Json) => c.type === 'aws_cloudwatch_metric_alarm').change.actions = actions;
      });
      const alarm = one('base', 'r-forget-replace-alarm');
      expect(alarm.counts.replace).toBe(1);
      expect(alarm.blocked).toEqual([]);
    });

    test.each([[['delete', 'forget']], [['create', 'update']], [['update', 'delete']], [[]], [['destroy']], [['no-op', 'no-op']]])(
      'GIVEN the unknown action list %j on an unprotected alarm WHEN reviewed THEN it blocks, names address and actions, and cannot be allowed',
      (actions) => {
        let address = '';
        edited('r-unknown', 'r-noop', (plan) => {
          const alarm = plan.resource_changes.find((c: Json) => c.type === 'aws_cloudwatch_metric_alarm');
          alarm.change.actions = actions;
          address = alarm.address;
        });
        const review = one('base', 'r-unknown', [`${R}:${address}`]);
        expect(review.blocked).toEqual([
          {
            stack: R,
            address,
            actions,
            allowable: false,
            message: `action list ${JSON.stringify(actions)} is not one this gate knows: it blocks until the gate classifies it`,
          },
        ]);
        const result = cli('--out', trees.base, '--plan', files['r-unknown'], '--allow-replace', `${R}:${address}`);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`blocked: ${R}:${address} ${JSON.stringify(actions)}`);
      },
    );

    test('GIVEN a deposed object with an action other than delete or forget WHEN reviewed THEN it blocks as unknown', () => {
      edited('r-deposed-odd', 'r-deposed', (plan) => {
        plan.resource_changes.find((c: Json) => c.deposed !== undefined).change.actions = ['update'];
      });
      expect(one('base', 'r-deposed-odd').blocked).toEqual([
        expect.objectContaining({ address: 'aws_security_group.replication_instance', allowable: false }),
      ]);
    });

    test('GIVEN the deletion of a resource type the gate does not know WHEN reviewed THEN it is treated as protected', () => {
      edited('r-unknown-type', 'r-noop', (plan) => {
        plan.resource_changes.push({
          address: 'aws_glue_job.left_over',
          mode: 'managed',
          type: 'aws_glue_job',
          name: 'left_over',
          change: { actions: ['delete'], before: { id: 'x' }, after: null },
        });
      });
      expect(one('base', 'r-unknown-type').blocked).toEqual([
        expect.objectContaining({
          address: 'aws_glue_job.left_over',
          message: 'delete: the gate does not know this resource type',
          allowable: true,
        }),
      ]);
    });

    test("GIVEN every action list the gate classifies WHEN counted THEN the table holds exactly Terraform's ten", () => {
      expect(Object.keys(ACTION_LISTS).sort()).toEqual([
        'create',
        'create,delete',
        'create,forget',
        'delete',
        'delete,create',
        'forget',
        'forget,create',
        'no-op',
        'read',
        'update',
      ]);
    });
  });

  describe('updates that stop replication', () => {
    test('GIVEN new task settings and a new source database name WHEN reviewed THEN the task and endpoint updates warn, with the resume and reload commands', () => {
      expect(change('l-updates', 'aws_dms_replication_task.replication_task').change.actions).toEqual(['update']);
      expect(change('l-updates', 'aws_dms_endpoint.source').change.actions).toEqual(['update']);
      const review = one('updates', 'l-updates');
      expect(review.refused).toEqual([]);
      expect(review.blocked).toEqual([]);
      const task = must(review.warnings.find((w) => w.address === 'aws_dms_replication_task.replication_task'));
      expect(task.id).toBe('loanapp-dynamodb-dev-replication-task');
      expect(task.why).toMatch(
        /^replication_task_settings changes: terraform-provider-aws stops a running task before ModifyReplicationTask/,
      );
      expect(task.commands).toEqual({
        resume:
          'aws dms start-replication-task --replication-task-arn $(terraform output -raw dms_replication_task_arn) --start-replication-task-type resume-processing --region us-west-2',
        reload:
          'aws dms start-replication-task --replication-task-arn $(terraform output -raw dms_replication_task_arn) --start-replication-task-type reload-target --region us-west-2',
      });
      const endpoint = must(review.warnings.find((w) => w.address === 'aws_dms_endpoint.source'));
      // postgres_settings: the state's stand-ins for the computed block differ from the plan's values.
      expect(endpoint.why).toMatch(
        /^database_name, postgres_settings change: DMS does not modify an endpoint while a running task uses it/,
      );

      const result = cli('--out', trees.updates, '--plan', files['l-updates']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('**Stops replication:**');
      expect(result.stdout).toContain(`  ${task.commands.resume}`);
      expect(result.stderr).toContain(
        `warning: ${L}:aws_dms_replication_task.replication_task (loanapp-dynamodb-dev-replication-task) stops replication: `,
      );
    });

    test('GIVEN a second task, a tags-only update and a start flag turned off WHEN reviewed THEN the ARN comes from describe, tags do not warn, the flag does', () => {
      edited('l-task-variants', 'l-updates', (plan) => {
        const task = one_change(plan, 'aws_dms_replication_task.replication_task');
        const second = structuredClone(task);
        second.address = 'aws_dms_replication_task.second_task';
        second.name = 'second_task';
        second.change.before.replication_task_id = second.change.after.replication_task_id = 'loanapp-second-task';
        const tagsOnly = structuredClone(task);
        tagsOnly.address = 'aws_dms_replication_task.tags_only';
        tagsOnly.change.after = { ...tagsOnly.change.before, tags: { Team: 'data' } };
        const flag = structuredClone(task);
        flag.address = 'aws_dms_replication_task.flag';
        flag.change.before = { ...flag.change.before, start_replication_task: true };
        flag.change.after = { ...flag.change.before, start_replication_task: false };
        plan.resource_changes.push(second, tagsOnly, flag);
      });
      // Not refused checks here: the edited plan changes resources the stack does not declare.
      const warnings = one('updates', 'l-task-variants').warnings;
      expect(must(warnings.find((w) => w.address === 'aws_dms_replication_task.second_task')).commands.resume).toBe(
        "aws dms start-replication-task --replication-task-arn $(aws dms describe-replication-tasks --filters Name=replication-task-id,Values=loanapp-second-task --query 'ReplicationTasks[0].ReplicationTaskArn' --output text --region us-west-2) --start-replication-task-type resume-processing --region us-west-2",
      );
      expect(warnings.find((w) => w.address === 'aws_dms_replication_task.tags_only')).toBeUndefined();
      expect(must(warnings.find((w) => w.address === 'aws_dms_replication_task.flag')).why).toBe(
        'start_replication_task turns false: the provider stops the task',
      );
    });

    test('GIVEN an in-place update of a DMS Serverless replication config WHEN reviewed THEN it warns with start-replication commands', () => {
      edited('l-config-update', 'l-updates', (plan) => {
        const task = one_change(plan, 'aws_dms_replication_task.replication_task');
        task.address = 'aws_dms_replication_config.replication_task';
        task.type = 'aws_dms_replication_config';
        task.change.before = { replication_config_identifier: 'loanapp-serverless', replication_settings: '{}', start_replication: false };
        task.change.after = { ...task.change.before, replication_settings: '{"Logging":{}}' };
      });
      const warning = must(
        one('updates', 'l-config-update').warnings.find((w) => w.address === 'aws_dms_replication_config.replication_task'),
      );
      expect(warning.why).toMatch(
        /^replication_settings changes: terraform-provider-aws stops a running DMS Serverless replication before ModifyReplicationConfig/,
      );
      expect(warning.commands.resume).toMatch(
        /^aws dms start-replication --replication-config-arn \$\(aws dms describe-replication-configs .*\) --start-replication-type resume-processing --region us-west-2$/,
      );
    });
  });

  test('GIVEN the README procedure for a new replication instance WHEN planned THEN the instance is created, the task moved in place with a stop warning, and only the log group blocks', () => {
    expect(change('r-new-instance', 'aws_dms_replication_instance.replication_instance').change.actions).toEqual(['create']);
    const task = change('r-new-instance', 'aws_dms_replication_task.replication_task');
    expect(task.change.actions).toEqual(['update']);
    expect(task.change.after_unknown.replication_instance_arn).toBe(true);
    const review = one('new-instance', 'r-new-instance');
    expect(review.refused).toEqual([]);
    expect(review.blocked.map((f) => f.address)).toEqual(['aws_cloudwatch_log_group.task_logs']);
    expect(review.warnings.map((w) => [w.address, w.why])).toEqual([
      [
        'aws_dms_replication_task.replication_task',
        'replication_instance_arn changes: the provider stops the task to move it to the other instance (MoveReplicationTask needs a stopped task) and does not start it again',
      ],
    ]);
  });

  describe('plans and stacks', () => {
    test("GIVEN one plan per stack and allowances naming one stack WHEN reviewed together THEN only that stack's replacement is allowed; a bare address is refused", () => {
      const task = 'aws_dms_replication_task.replication_task';
      const result = gate('changes', ['r-changes', 'l-changes'], [`${R}:${task}`]);
      const [rReview, lReview] = result.reviews;
      expect(rReview.allowed.map((f) => f.address)).toEqual([task]);
      expect(rReview.blocked.map((f) => f.address)).not.toContain(task);
      expect(lReview.blocked.map((f) => f.address)).toContain(task);
      expect(lReview.allowed).toEqual([]);

      const bare = cli('--out', trees.changes, '--plan', files['r-changes'], '--plan', files['l-changes'], '--allow-replace', task);
      expect(bare.status).toBe(2);
      expect(bare.stderr).toBe(
        `review: --allow-replace: ${task}: name the stack (<stack>:<address>, e.g. ${R}:${task}) when 2 plans are reviewed\n`,
      );
    });

    test('GIVEN a plan of a stack the reviewed cdktf.out lacks WHEN reviewed THEN it is refused', () => {
      const review = one('loanapp-only', 'r-noop');
      expect(review.refused).toEqual([`the plan is of stack ${R}, which the reviewed cdktf.out does not contain (it has ${L})`]);
      const result = cli('--out', trees['loanapp-only'], '--plan', files['r-noop']);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('**Refused:**');
    });

    test('GIVEN a plan made before monitoring was turned off WHEN reviewed against the new synth THEN it is refused, naming what the stack lacks', () => {
      const review = one('changes', 'r-noop');
      expect(review.refused[0]).toBe(
        `the plan was made from other code than the reviewed stack ${R}: synthesize, plan again and review that plan`,
      );
      expect(review.refused).toContain(`declares aws_kms_key.alerts_key, which stack ${R} does not`);
    });

    test('GIVEN a plan with the same resources but other values (a stale synth) WHEN reviewed THEN it is refused, naming the attribute', () => {
      const review = one('updates', 'l-create');
      expect(review.refused).toContain(
        'aws_dms_endpoint.source: database_name is "LoanApplication" in the plan, "LoanApplicationV2" in the synthesized stack',
      );
      expect(review.refused.some((r) => r.startsWith('aws_dms_replication_task.replication_task: replication_task_settings is '))).toBe(
        true,
      );
    });

    test('GIVEN real plans of the code reviewed WHEN compared with their stacks THEN no attribute differs (the comparison has no false alarms)', () => {
      const base = readSynthesizedTree(trees.base);
      expect(codeMismatches(plans['r-noop'], must(base.find((s) => s.name === R)))).toEqual([]);
      expect(codeMismatches(plans['l-create'], must(base.find((s) => s.name === L)))).toEqual([]);
      const changes = readSynthesizedTree(trees.changes);
      expect(codeMismatches(plans['r-changes'], must(changes.find((s) => s.name === R)))).toEqual([]);
    });

    test('GIVEN a plan claiming to be of the other stack, or carrying no stack marker WHEN reviewed THEN it is refused', () => {
      edited('r-as-l', 'r-noop', (plan) => {
        plan.configuration.root_module.outputs.dms_cdktf_stack.expression.constant_value = L;
      });
      const claimed = one('base', 'r-as-l');
      expect(claimed.stack).toBe(L);
      expect(claimed.refused).toContain(`declares aws_dms_replication_instance.replication_instance, which stack ${L} does not`);
      expect(claimed.refused).toContain(`lacks aws_dynamodb_table.payments, which stack ${L} declares`);
      edited('r-unmarked', 'r-noop', (plan) => {
        delete plan.configuration.root_module.outputs.dms_cdktf_stack;
        delete plan.planned_values.outputs.dms_cdktf_stack;
      });
      expect(one('base', 'r-unmarked').refused[0]).toMatch(/^the plan has no dms_cdktf_stack output/);
      expect(cli('--out', trees.base, '--plan', files['r-unmarked']).status).toBe(1);
    });

    test('GIVEN a plan without changes in the form without resource_changes (edited; Terraform omits the key when there are no resources) WHEN reviewed THEN it passes', () => {
      edited('r-empty', 'r-noop', (plan) => {
        delete plan.resource_changes;
      });
      const review = one('base', 'r-empty');
      expect(review.changes).toEqual([]);
      expect(review.refused).toEqual([]);
      const result = cli('--out', trees.base, '--plan', files['r-empty']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('No changes.');
    });
  });

  describe('files that are not JSON plans: exit 2, one line, no stack trace', () => {
    const expectOneLine = (file: string, message: string) => {
      const result = cli('--out', trees.base, '--plan', file);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`review: ${file}: ${message}\n`);
    };

    test('GIVEN the binary plan file WHEN reviewed THEN the message says to run terraform show -json', () => {
      const file = path.join(work, 'plans', 'r-noop.bin');
      expectOneLine(file, `is a binary plan file: run terraform show -json ${file} > plan.json and review plan.json`);
    });

    test('GIVEN malformed JSON WHEN reviewed THEN the message names the parse error and the command', () => {
      const file = path.join(work, 'plans', 'truncated.json');
      fs.writeFileSync(file, fs.readFileSync(files['r-noop'], 'utf8').slice(0, 200));
      const result = cli('--out', trees.base, '--plan', file);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        /^review: .*truncated\.json: is not JSON \(.+\): run terraform plan -out=plan\.bin && terraform show -json plan\.bin > plan\.json in the stack directory and review plan\.json\n$/,
      );
    });

    test('GIVEN a state file and the JSON of a state WHEN reviewed THEN each is named for what it is', () => {
      const make =
        'run terraform plan -out=plan.bin && terraform show -json plan.bin > plan.json in the stack directory and review plan.json';
      expectOneLine(path.join(work, 'plans', 'terraform.tfstate'), `is a Terraform state file, not a plan: ${make}`);
      expectOneLine(
        path.join(work, 'plans', 'state-show.json'),
        `is the JSON of a state (terraform show -json without a plan file), not a plan: ${make}`,
      );
    });

    test('GIVEN an errored plan (edited: errored set) and a missing file WHEN reviewed THEN each exits 2 with one line', () => {
      const file = edited('r-errored', 'r-noop', (plan) => {
        plan.errored = true;
      });
      expectOneLine(
        file,
        'is an errored plan (terraform plan failed; it cannot be applied): fix the errors terraform plan printed, plan again and review the new plan',
      );
      const missing = path.join(work, 'plans', 'missing.json');
      const result = cli('--out', trees.base, '--plan', missing);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^review: .*missing\.json: cannot be read \(ENOENT\): /);
      expect(result.stderr.split('\n')).toHaveLength(2);
    });
  });
});
