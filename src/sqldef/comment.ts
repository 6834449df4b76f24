// Renders the pull request comment and the job summary for a sqldef run.
import { RISK_TITLES, RISKS } from './classify.js';
import type { Engine } from './command.js';
import type { MigrateResult } from './migrate.js';
import type { Statement } from './statements.js';

/** GitHub rejects comment bodies over 65,536 characters; keep a margin. */
export const COMMENT_LIMIT = 65_000;
/** The job summary takes up to 1 MiB per step. */
export const SUMMARY_LIMIT = 900_000;

export interface ReportContext {
  engine: Engine;
  /** Names the database in the title and the sticky marker (e.g. `production` or the database name). */
  label: string;
  /** Schema files as the repository names them. */
  schemaFiles: string[];
  /** Link to the workflow run, shown at the bottom. */
  runUrl?: string;
}

/** The hidden marker that finds this comment again: one per (engine, database label, schema files). */
export function commentMarker(context: ReportContext): string {
  const key = [context.engine, context.label, context.schemaFiles.join(',')].join(' ').replace(/--+/g, '-');
  return `<!-- sqldef-migrate: ${key} -->`;
}

const MODE_TITLES = { 'dry-run': 'dry run', offline: 'offline diff', apply: 'apply' } as const;

function codeFence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(longest + 1);
}

/** The statements as one SQL block, skipped ones as comments, destructive ones annotated. */
export function renderSql(statements: Statement[]): string {
  return statements
    .map((statement) => {
      const sql = `${statement.sql};`;
      if (statement.skipped) return `-- Skipped (enable-drop is off): ${sql.replace(/\n/g, '\n-- ')}`;
      return statement.destructive ? `-- ⚠ ${statement.destructive}\n${sql}` : sql;
    })
    .join('\n');
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function statusLine(result: MigrateResult): string {
  const run = result.statements.filter((s) => !s.skipped).length;
  const skipped = result.statements.length - run;
  const skippedNote =
    skipped > 0 ? `; sqldef holds back ${count(skipped, 'statement')} (\`enable-drop\` is off)` : '';
  if (result.mode === 'apply' && result.applied) {
    const held = result.skipped.length;
    return `Applied ${count(run - held, 'statement')}${held > 0 ? `; sqldef skipped ${held} (listed above)` : ''}.`;
  }
  if (result.mode === 'apply' && result.drifted) {
    return `Refused: the live schema drifted since the reviewed dry run, nothing was applied (${count(run, 'statement')} planned now).`;
  }
  if (result.mode === 'apply' && result.refused.length > 0) {
    return `Refused: nothing was applied (${count(run, 'statement')} planned${skippedNote}).`;
  }
  return `${count(run, 'statement')} ${result.mode === 'apply' ? 'planned' : 'would run'}${skippedNote}.`;
}

/** One line per class of harm in the plan, each with its reasons and what apply does about it. */
function destructiveBanner(result: MigrateResult): string | undefined {
  const flagged = result.statements.filter((s) => s.risk);
  if (flagged.length === 0) return undefined;
  const lines = RISKS.flatMap((risk) => {
    const ofRisk = flagged.filter((s) => s.risk === risk);
    if (ofRisk.length === 0) return [];
    const reasons = [...new Set(ofRisk.map((s) => s.destructive))].join(', ');
    const shownOnly = risk === 'constraint' && !result.constraintDropsGated;
    return [
      `> - **${count(ofRisk.length, 'statement')} ${RISK_TITLES[risk]}**: ${reasons}${shownOnly ? ' (shown, not gated)' : ''}`,
    ];
  });
  let action: string;
  const gated = flagged.some((s) => s.risk !== 'constraint' || result.constraintDropsGated);
  if (!gated) action = 'Shown only: `gate-constraint-drops: true` makes `apply` refuse them too.';
  else if (result.mode === 'apply' && result.applied) action = 'Applied because `enable-drop` is `true`.';
  else if (result.mode === 'apply' && result.refused.length > 0)
    action = '`apply` refused: set `enable-drop: true` to apply them.';
  else action = '`apply` refuses them unless `enable-drop: true`.';
  return ['> [!CAUTION]', `> **Destructive changes.** ${action}`, ...lines].join('\n');
}

function skippedWarning(result: MigrateResult): string | undefined {
  if (result.skipped.length === 0) return undefined;
  return [
    '> [!WARNING]',
    `> **sqldef skipped ${count(result.skipped.length, 'planned statement')}** (it holds them back without \`--enable-drop\`):`,
    ...result.skipped.map((s) => `> - \`${s.sql.replace(/\s+/g, ' ').slice(0, 200).replace(/`/g, "'")}\``),
  ].join('\n');
}

/**
 * The Markdown body: title, destructive banner, status and the DDL in a ```sql block; cut to `limit`
 * characters on statement boundaries, saying how many statements were left out.
 */
export function renderReport(result: MigrateResult, context: ReportContext, limit = COMMENT_LIMIT): string {
  const files = context.schemaFiles.map((file) => `\`${file}\``).join(', ');
  const title = `### sqldef ${MODE_TITLES[result.mode]}: ${context.engine} \`${context.label}\``;
  const footer = [`Schema: ${files}`, context.runUrl ? `[workflow run](${context.runUrl})` : '']
    .filter(Boolean)
    .join(' · ');
  const head = [commentMarker(context), title, ''];
  if (!result.changed) {
    const same =
      result.mode === 'offline'
        ? 'No schema changes: the schema files match the current schema.'
        : 'No schema changes: the database matches the schema files.';
    return [...head, same, '', footer, ''].join('\n');
  }
  const banner = destructiveBanner(result);
  if (banner) head.push(banner, '');
  const warning = skippedWarning(result);
  if (warning) head.push(warning, '');
  head.push(statusLine(result), '');
  const shown = result.mode === 'apply' && result.applied ? result.appliedStatements : result.statements;
  const footerLines = ['', footer, ''];
  const body = (sql: string, omitted: number) => {
    const note =
      omitted > 0
        ? [
            `… ${omitted} more statement${omitted === 1 ? '' : 's'} not shown (too long for a comment); see the job log.`,
          ]
        : [];
    return [...head, fenced(sql), ...note, ...footerLines].join('\n');
  };
  const full = body(renderSql(shown), 0);
  if (full.length <= limit) return full;
  // Cut on statement boundaries: keep the first statements that fit, then say how many were left out.
  let used = body('', shown.length).length + 16;
  let count = 0;
  for (const statement of shown) {
    const size = renderSql([statement]).length + 1;
    if (used + size > limit) break;
    used += size;
    count++;
  }
  const sql =
    count > 0 ? renderSql(shown.slice(0, count)) : '-- the first statement alone is too long to show';
  return body(sql, shown.length - count).slice(0, limit);
}

function fenced(sql: string): string {
  const fence = codeFence(sql);
  return `${fence}sql\n${sql}\n${fence}`;
}
