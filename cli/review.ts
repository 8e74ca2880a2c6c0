/**
 * `dms review [--out <cdktf.out>] [--base <dir>] [--plan <plan.json>]... [--allow-replace <address>]... [--json]`
 *
 * For pull requests: a Markdown summary of every synthesized stack; with `--base`, what changed against
 * another synthesized tree; with `--plan` (from `terraform show -json`), the plan gate (review/plan.ts):
 * exit 1 when a plan replaces, deletes or forgets a protected resource that `--allow-replace <stack>:<address>`
 * does not name, carries an action list the gate does not know, or was made from other code than the
 * reviewed cdktf.out; exit 2, with one line, when a plan file is not a JSON plan. In-place updates that stop
 * replication are printed as warnings with the commands that resume it. `--json` prints the same findings
 * as JSON for machines. The security checks
 * (review/security.ts) run on every stack and exit 1 on any finding not suppressed in
 * `config/security-suppressions.json` (or `--suppressions <file>`).
 *
 * `dms review --sample-items [--json]`: instead, the DynamoDB items the active config's object mappings
 * write for sample source rows (see review/sample-items.ts); reads the config, not cdktf.out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../core/paths';
import { activePipelines } from '../app/pipelines';
import type { ResolvedPipeline } from '../config/resolved';
import { generatePrereqs } from '../engines/prereqs';
import { diffTrees } from '../review/diff';
import { extraReview } from '../review/extra';
import { diffMarkdown, planMarkdown, sampleItemsMarkdown, securityMarkdown, summaryMarkdown } from '../review/markdown';
import { gatePasses, PlanFileError, readPlanFile, reviewPlans } from '../review/plan';
import { sampleItems } from '../review/sample-items';
import { applySuppressions, loadSuppressions, securityFindings } from '../review/security';
import { type StackSummary, summarizeStack } from '../review/summary';
import { readSynthesizedTree } from '../review/synthesized';

/** The active config's pipelines, or none when it does not load (review still reports from the synth). */
function pipelinesOrNone(): ResolvedPipeline[] {
  try {
    return activePipelines();
  } catch {
    return [];
  }
}

import { defineCommand } from './command';

interface Options {
  out: string;
  base?: string;
  plans: string[];
  allowReplace: string[];
  json: boolean;
  sampleItems: boolean;
  suppressions: string;
}

export const command = defineCommand({
  name: 'review',
  summary: 'Markdown (or --json) review of cdktf.out for pull requests: summary, diff, security checks, plan gate',
  usage:
    '[--out <cdktf.out>] [--base <dir>] [--plan <plan.json>]... [--allow-replace <stack>:<address>]... [--suppressions <file>] [--json] | --sample-items [--json]',
  description: `A Markdown summary of every synthesized stack; with --base, what changed against another synthesized tree;
with --plan (from terraform show -json), the plan gate: a plan that replaces, deletes or forgets a protected
resource that --allow-replace does not name, carries an action list the gate does not know, or was made from
other code than the reviewed cdktf.out is refused. In-place updates that stop replication are warnings with
the commands that resume them. The security checks run on every stack; a finding fails unless suppressed in
config/security-suppressions.json (or --suppressions). --sample-items instead previews the DynamoDB items the
active config's object mappings write (reads the config, not cdktf.out).`,
  flags: {
    out: { type: 'string', placeholder: 'cdktf.out', help: 'the synthesized tree to review (default cdktf.out)' },
    base: { type: 'string', placeholder: 'dir', help: 'another synthesized tree to diff against' },
    plan: { type: 'string', multiple: true, placeholder: 'plan.json', help: 'a JSON plan (terraform show -json) to gate' },
    'allow-replace': {
      type: 'string',
      multiple: true,
      placeholder: 'stack:address',
      help: 'accept a deliberate replace/delete of a protected resource',
    },
    suppressions: { type: 'string', placeholder: 'file', help: 'security suppressions (default config/security-suppressions.json)' },
    json: { type: 'boolean', help: 'the same findings as JSON on stdout, for machines' },
    'sample-items': { type: 'boolean', help: 'preview the DynamoDB items of the active config instead' },
  },
  examples: ['npx dms review --plan cdktf.out/stacks/redshift-fed-prod/plan.json --json > review.json'],
  exitCodes: {
    0: 'every plan passes the gate and no security finding fails',
    1: 'a plan is refused or blocked, or a security finding or suppression problem fails',
    2: 'bad command line, or an input is unreadable: a plan file that is not a JSON plan, a tree without manifest.json',
  },
  run: ({ values }) => {
    const root = projectRoot();
    const options: Options = {
      out: values.out !== undefined ? path.resolve(values.out) : path.join(root, 'cdktf.out'),
      base: values.base !== undefined ? path.resolve(values.base) : undefined,
      // Kept as given: messages about a plan file name it the way the user wrote it.
      plans: values.plan ?? [],
      allowReplace: values['allow-replace'] ?? [],
      json: values.json === true,
      sampleItems: values['sample-items'] === true,
      suppressions:
        values.suppressions !== undefined ? path.resolve(values.suppressions) : path.join(root, 'config', 'security-suppressions.json'),
    };
    try {
      review(options);
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      // Bad input, not a finding: one line, no stack trace, and an exit code of its own.
      process.stderr.write(`review: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return undefined;
  },
});

const EXIT_BAD_INPUT = 2;

function readTree(outdir: string) {
  try {
    return readSynthesizedTree(outdir);
  } catch (error) {
    throw new PlanFileError(outdir, `${(error as Error).message.replace(`${outdir} `, '')}`);
  }
}

function review(options: Options): void {
  if (options.sampleItems) {
    const tables = sampleItems(activePipelines());
    process.stdout.write(options.json ? `${JSON.stringify({ sampleItems: tables }, null, 2)}\n` : `${sampleItemsMarkdown(tables)}\n`);
    return;
  }
  if (options.allowReplace.length > 0 && options.plans.length === 0)
    throw new PlanFileError('--allow-replace', 'needs --plan: it allows changes in a plan');
  const plans = options.plans.map((file) => ({ file, plan: readPlanFile(file) }));
  const current = readTree(options.out);
  const summaries = current.map(summarizeStack);
  addPrerequisites(summaries);
  const baseTree = options.base ? readTree(options.base) : undefined;
  const treeDiff = baseTree ? diffTrees(baseTree, current) : undefined;
  const extra = extraReview(current, baseTree, pipelinesOrNone());
  const security = current.flatMap(securityFindings);
  const loaded = loadSuppressions(options.suppressions);
  const securityProblems = [
    ...loaded.problems,
    ...applySuppressions(
      security,
      loaded.suppressions,
      current.map((stack) => stack.name),
    ),
  ];
  const gate = reviewPlans(plans, current, options.allowReplace);
  const shown = gate.reviews.map((r) => ({ ...r, file: path.relative(process.cwd(), r.file) || r.file }));

  if (options.json) {
    const planOutput = shown.map((review) => ({ file: review.file, review }));
    process.stdout.write(
      `${JSON.stringify({ stacks: summaries, security: { findings: security, problems: securityProblems }, ...(treeDiff ? { diff: treeDiff } : {}), plans: planOutput, unusedAllows: gate.unusedAllows, ...extra.json }, null, 2)}\n`,
    );
  } else {
    const sections = [
      summaryMarkdown(summaries),
      securityMarkdown(
        security,
        current.map((stack) => stack.name),
        securityProblems,
      ),
      ...extra.markdown,
    ];
    if (treeDiff) sections.push(diffMarkdown(treeDiff));
    for (const plan of shown) sections.push(planMarkdown(plan, plan.file));
    process.stdout.write(`${sections.join('\n\n')}\n`);
  }
  const failing = security.filter((finding) => !finding.suppressed);
  if (failing.length > 0 || securityProblems.length > 0) {
    process.stderr.write(
      `${failing.length} security finding(s) fail${securityProblems.length > 0 ? `, ${securityProblems.length} suppression problem(s)` : ''}: ${[...failing.map((f) => `${f.stack} ${f.resource} (${f.check})`), ...securityProblems].join('; ')}\n`,
    );
    process.exitCode = 1;
  }
  for (const w of gate.reviews.flatMap((r) => r.warnings)) {
    process.stderr.write(
      `warning: ${w.stack}:${w.address} (${w.id}) stops replication: ${w.why}. Resume after the apply: ${w.commands.resume}\n`,
    );
  }
  for (const raw of gate.unusedAllows)
    process.stderr.write(`note: --allow-replace ${raw} matches nothing the plans would replace, delete or forget\n`);
  for (const r of gate.reviews) {
    const name = path.relative(process.cwd(), r.file) || r.file;
    if (r.refused.length > 0) process.stderr.write(`${name}: refused: ${r.refused[0]}\n`);
    for (const f of r.blocked)
      process.stderr.write(`${name}: blocked: ${f.stack}:${f.address} ${JSON.stringify(f.actions)}: ${f.message}\n`);
  }
  if (!gatePasses(gate)) process.exitCode = 1;
}

/**
 * Whether each stack's source prerequisites (`npm run prereqs`) are generated and match the active config.
 * Without a loadable config (e.g. reviewing another tree), only the file's presence is reported.
 */
function addPrerequisites(summaries: StackSummary[]): void {
  let expected = new Map<string, { file: string; sql: string }>();
  try {
    expected = new Map(activePipelines().map((pipeline) => [pipeline.name, generatePrereqs(pipeline)]));
  } catch {
    // The config is checked by synth and `npm run check`; review still reports what it can.
  }
  for (const summary of summaries) {
    const file = expected.get(summary.stack)?.file ?? `prereqs/${summary.stack}.sql`;
    const absolute = path.join(projectRoot(), file);
    if (!fs.existsSync(absolute)) {
      summary.operations.prerequisites = `**not generated**: run npm run prereqs -- ${summary.stack}`;
      continue;
    }
    const want = expected.get(summary.stack)?.sql;
    if (want === undefined) summary.operations.prerequisites = `${file} (not compared: the stack is not in the active config)`;
    else if (fs.readFileSync(absolute, 'utf8') === want) summary.operations.prerequisites = `${file}, up to date`;
    else summary.operations.prerequisites = `**${file} is stale**: run npm run prereqs -- ${summary.stack}`;
  }
}
