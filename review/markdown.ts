/**
 * Markdown for pull requests: one section per stack, tables where a reviewer compares values.
 */
import type { AttributeChange, TreeDiff } from './diff';
import type { PlanReview } from './plan';
import type { SampleTable } from './sample-items';
import { SECURITY_CHECKS, type SecurityFinding } from './security';
import type { StackSummary } from './summary';

const cell = (value: unknown) =>
  String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const table = (header: string[], rows: unknown[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
const code = (value: string) => `\`${value}\``;
const short = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

export function summaryMarkdown(summaries: StackSummary[]): string {
  return summaries.map(stackMarkdown).join('\n\n');
}

function stackMarkdown(s: StackSummary): string {
  const lines: string[] = [`## Stack ${code(s.stack)}`, ''];
  lines.push(`- Backend: ${s.backend}`);
  lines.push(
    `- Provider: hashicorp/aws ${s.provider.version}, region ${s.provider.region}, allowed accounts ${s.provider.allowedAccounts.join(', ') || 'any'}`,
  );
  if (s.stateChanges.moved > 0) lines.push(`- State: ${s.stateChanges.moved} moved block(s) adopt existing resources`);
  for (const imported of s.stateChanges.imported) lines.push(`- Import: ${imported}`);
  lines.push('', `### Resources (${s.resources.reduce((n, r) => n + r.addresses.length, 0)})`, '');
  lines.push(
    table(
      ['type', 'addresses'],
      s.resources.map((r) => [r.type, r.addresses.map((a) => a.slice(r.type.length + 1)).join(', ')]),
    ),
  );
  if (s.instances.length > 0) {
    lines.push('', '### Replication instance', '');
    lines.push(
      table(
        ['address', 'id', 'class', 'storage GB', 'Multi-AZ', 'public', 'engine', 'KMS key'],
        s.instances.map((i) => [
          i.address,
          i.id,
          i.class,
          i.storageGb,
          i.multiAz ? 'yes' : 'no',
          i.publiclyAccessible ? '**YES**' : 'no',
          i.engineVersion,
          i.kmsKey,
        ]),
      ),
    );
  }
  if (s.endpoints.length > 0) {
    lines.push('', '### Endpoints', '');
    lines.push(
      table(
        ['address', 'id', 'type', 'engine', 'host', 'port', 'database', 'SSL', 'credentials'],
        s.endpoints.map((e) => [e.address, e.id, e.type, e.engine, e.host, e.port, e.database, e.sslMode, e.credentials]),
      ),
    );
  }
  for (const task of s.tasks) {
    lines.push('', `### Task ${code(task.id)} (${task.migrationType}${task.startOnApply ? ', starts on apply' : ', started by hand'})`, '');
    lines.push(`- Selected: ${task.selections.join('; ') || 'nothing'}`);
    lines.push(`- Transformations: ${task.transformations.join('; ') || 'none'}`);
    if (task.otherRules.length > 0) lines.push(`- Other rules: ${task.otherRules.join('; ')}`);
    lines.push(`- Settings sections: ${task.settingsSections.join(', ') || 'DMS defaults'}`);
  }
  if (s.iam.length > 0) {
    lines.push('', '### IAM', '');
    const rows = s.iam.flatMap((role) => [
      ...role.managedPolicies.map((arn) => [role.name, role.trustedBy.join(', '), 'managed policy', arn, '', '']),
      ...role.statements.map((st) => [
        role.name,
        role.trustedBy.join(', '),
        `${st.effect} ${st.sid}`,
        st.actions.join(', '),
        st.resources.join(', '),
        st.condition,
      ]),
      ...(role.managedPolicies.length + role.statements.length === 0
        ? [[role.name, role.trustedBy.join(', '), '(no permissions)', '', '', '']]
        : []),
    ]);
    lines.push(table(['role', 'trusted by', 'statement', 'actions', 'resources', 'condition'], rows));
  }
  if (s.security.length > 0) {
    lines.push('', '### Security posture', '');
    for (const f of s.security) lines.push(`- ${code(f.topic)}: ${f.finding}`);
  }
  lines.push('', '### Operations', '');
  const ops = s.operations;
  if (ops.alarms.length > 0)
    lines.push(
      table(
        ['alarm', 'metric', 'dimensions', 'fires when'],
        ops.alarms.map((a) => [a.name, a.metric, a.dimensions, a.condition]),
      ),
      '',
    );
  else lines.push('- Alarms: **none**');
  for (const e of ops.events) lines.push(`- DMS events ${e.sourceType} (${e.sources.join(', ')}): ${e.categories.join(', ')}`);
  for (const t of ops.topics)
    lines.push(`- Topic ${code(t.name)}, ${t.encryption}; notifies ${t.subscriptions.join(', ') || '**nobody**'}`);
  for (const d of ops.dashboards) lines.push(`- Dashboard ${code(d)}`);
  if (ops.prerequisites) lines.push(`- Source prerequisites: ${ops.prerequisites}`);
  return lines.join('\n');
}

function changeLine(c: AttributeChange): string {
  if (c.kind === 'added') return `  - ${code(c.path)}: added ${code(short(c.after))}`;
  if (c.kind === 'removed') return `  - ${code(c.path)}: removed (was ${code(short(c.before))})`;
  return `  - ${code(c.path)}: ${code(short(c.before))} → ${code(short(c.after))}`;
}

export function diffMarkdown(d: TreeDiff): string {
  const lines: string[] = ['## Changes against the base synth', ''];
  if (d.stacksAdded.length + d.stacksRemoved.length + d.stacks.length === 0) return `${lines.join('\n')}No changes.`;
  for (const stack of d.stacksAdded) lines.push(`- Stack added: ${code(stack)}`);
  for (const stack of d.stacksRemoved) lines.push(`- Stack removed: ${code(stack)}`);
  for (const s of d.stacks) {
    lines.push('', `### ${code(s.stack)}`, '');
    for (const address of s.resourcesAdded) lines.push(`- added ${code(address)}`);
    for (const address of s.resourcesRemoved) lines.push(`- **removed** ${code(address)}`);
    for (const r of s.resourcesChanged) {
      lines.push(`- changed ${code(r.address)}`);
      lines.push(...r.changes.map(changeLine));
    }
    for (const m of s.mappings) {
      lines.push(`- table mappings of ${code(m.task)}`);
      for (const rule of m.added) lines.push(`  - rule added: ${rule}`);
      for (const rule of m.removed) lines.push(`  - rule removed: ${rule}`);
      for (const rule of m.changed) {
        lines.push(`  - rule changed: ${rule.rule}`);
        lines.push(...rule.changes.map((c) => `  ${changeLine(c)}`));
      }
    }
    if (s.otherChanges.length > 0) {
      lines.push('- stack settings (backend, provider, outputs, moves, imports)');
      lines.push(...s.otherChanges.map(changeLine));
    }
  }
  return lines.join('\n');
}

export function planMarkdown(review: PlanReview, file: string): string {
  const lines: string[] = [`## Plan ${code(file)}${review.stack ? ` (stack ${code(review.stack)})` : ''}`, ''];
  if (review.refused.length > 0) {
    lines.push('**Refused:** this plan does not belong to the reviewed code:');
    lines.push(...review.refused.map((reason) => `- ${reason}`), '');
  }
  const counts = Object.entries(review.counts)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action}`);
  lines.push(counts.join(', ') || 'No changes.', '');
  const shown = review.changes.filter((c) => c.action !== 'no-op' || c.movedFrom || c.importing);
  if (shown.length > 0) {
    lines.push(
      table(
        ['action', 'address', 'note'],
        shown.map((c) => [
          ['replace', 'delete', 'forget', 'unknown'].includes(c.action) ? `**${c.label}**` : c.label,
          c.address,
          [
            c.action === 'unknown' ? `actions ${JSON.stringify(c.actions)}` : '',
            c.movedFrom ? `moved from ${c.movedFrom}` : '',
            c.importing ? 'imported' : '',
            c.replaceBecause.length ? `replaced because of ${c.replaceBecause.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        ]),
      ),
    );
  }
  for (const f of review.allowed) lines.push('', `Allowed by --allow-replace ${f.stack}:${f.address}: ${f.message}.`);
  if (review.blocked.length > 0) {
    lines.push('', '**Blocked:** these would interrupt replication or lose data or access:');
    for (const f of review.blocked) {
      lines.push(
        `- ${code(f.address)}: ${f.message}${f.allowable ? `; rerun with --allow-replace ${f.stack}:${f.address} if intended` : ''}`,
      );
    }
  }
  if (review.warnings.length > 0) {
    lines.push('', '**Stops replication:** these in-place updates stop a running task; nothing starts it again:');
    for (const w of review.warnings) {
      lines.push(`- ${code(w.address)} (${code(w.id)}): ${w.why}.`);
      const note = 'note' in w.commands ? ` (${w.commands.note})` : '';
      lines.push(`  After the apply, from cdktf.out/stacks/${w.stack}, resume CDC where it stopped${note}:`);
      lines.push('  ```bash', `  ${w.commands.resume}`, '  ```');
      lines.push('  or reload every table from the source (restarts the full load):');
      lines.push('  ```bash', `  ${w.commands.reload}`, '  ```');
    }
  }
  return lines.join('\n');
}

export function sampleItemsMarkdown(tables: SampleTable[]): string {
  if (tables.length === 0) return '## Sample items\n\nNo DynamoDB pipeline in the active config.';
  const sections = tables.map((t) => {
    const lines = [`## Sample items: ${code(t.table)} ← ${code(t.source)}`, ''];
    lines.push(`Stack ${code(t.stack)}, task ${code(t.task)}, object-mapping rule #${t.ruleId}; rows from ${t.rowsFrom}.`, '');
    lines.push(
      table(
        ['source row', 'DynamoDB item', 'in indexes'],
        t.items.map((s) => [
          code(JSON.stringify(s.row)),
          code(JSON.stringify(s.item)),
          s.missingKeys.length > 0 ? `**not writable: no ${s.missingKeys.join(', ')}**` : s.indexes.join(', ') || 'none',
        ]),
      ),
    );
    return lines.join('\n');
  });
  return sections.join('\n\n');
}

/** The security checks: every check by stack, failing findings first, suppressed ones with their reason. */
export function securityMarkdown(findings: SecurityFinding[], stacks: string[], problems: string[]): string {
  const failing = findings.filter((f) => !f.suppressed);
  const lines = ['## Security checks', ''];
  lines.push(
    failing.length === 0 && problems.length === 0
      ? `All ${Object.keys(SECURITY_CHECKS).length} checks pass on ${stacks.length} stack(s)${findings.length > 0 ? ` (${findings.length} suppressed finding(s) below)` : ''}.`
      : `**${failing.length} finding(s) fail** on ${new Set(failing.map((f) => f.stack)).size} stack(s).`,
  );
  if (findings.length > 0) {
    lines.push(
      '',
      table(
        ['stack', 'check', 'resource', 'finding', 'suppressed because'],
        [...failing, ...findings.filter((f) => f.suppressed)].map((f) => [
          f.stack,
          f.check,
          f.resource,
          f.message,
          f.suppressed ?? '**not suppressed**',
        ]),
      ),
    );
  }
  for (const problem of problems) lines.push('', `- **${problem}**`);
  lines.push(
    '',
    table(
      ['check', 'what passes'],
      Object.entries(SECURITY_CHECKS).map(([id, what]) => [code(id), what]),
    ),
  );
  return lines.join('\n');
}
