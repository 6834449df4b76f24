// Drift detection (`mode: drift`): every unit is planned, and one GitHub issue per drifted unit is kept up to
// date: created when a unit's plan shows changes, updated when that plan changes, closed when it shows none.
// Our issues are found in one listing (open, our label, created by our identity), then trusted only when our
// identity wrote them and they carry our marker: anyone can paste a marker into an issue of their own.
import { createHash } from 'node:crypto';
import type { GitHubClient, Repo } from '../lib/github-client.js';
import { isAuthoredBy } from '../lib/identity.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import { countsText, DEFAULT_MAX_CHARS, fence, toDiff } from './plan-render.js';
import type { UnitResult } from './types.js';

const MARKER = 'platform-actions:terragrunt-drift';
/** GitHub refuses issue titles over 256 characters. */
const MAX_ISSUE_TITLE = 256;

const encode = (value: string) => encodeURIComponent(value).replace(/%2F/gi, '/');

export function driftMarker(dir: string, unit: string): string {
  return `<!-- ${MARKER} dir=${encode(dir)} unit=${encode(unit)} -->`;
}

/** The root, unit and drift hash an issue body records, or undefined when it has no drift marker. */
export function parseDriftMarker(body: string): { dir: string; unit: string; hash?: string } | undefined {
  const match = new RegExp(`<!-- ${MARKER} dir=(\\S+) unit=(\\S+) -->`).exec(body);
  if (!match) return undefined;
  try {
    const hash = new RegExp(`<!-- ${MARKER}-hash (\\w+) -->`).exec(body)?.[1];
    return { dir: decodeURIComponent(match[1]!), unit: decodeURIComponent(match[2]!), hash };
  } catch {
    return undefined;
  }
}

export interface DriftRenderOptions {
  dir: string;
  runUrl?: string;
  /** Commit whose configuration was planned. */
  sha?: string;
  artifactName?: string;
  /** Values that must never appear (replaced by ***). */
  secrets?: string[];
  /** Longest body; default 65,000 characters (GitHub refuses 65,536 or more). */
  maxChars?: number;
}

const unitName = (dir: string, unit: string) => (dir === '.' ? unit : `${dir}/${unit}`);

export function driftTitle(dir: string, unit: string): string {
  const title = `Terragrunt drift: ${unitName(dir, unit)}`;
  return [...title].length <= MAX_ISSUE_TITLE
    ? title
    : `${[...title].slice(0, MAX_ISSUE_TITLE - 1).join('')}…`;
}

/** Where a run keeps the full plans, for a note in a shortened body. */
function whereFull(options: DriftRenderOptions): string {
  const artifact = options.artifactName ? ` and the \`${options.artifactName}\` artifact` : '';
  return `the job summary${artifact}${options.runUrl ? ` of [the run](${options.runUrl})` : ''}`;
}

/** The issue of a drifted unit: its counts, resources and plan diff (redacted, cut to fit), and the run. */
export function renderDriftIssue(
  result: UnitResult,
  options: DriftRenderOptions,
): { title: string; body: string; hash: string } {
  const secrets = options.secrets ?? [];
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const diff = redact(toDiff(result.diff), secrets);
  const counts = countsText(result) || 'changes';
  const hash = createHash('sha256').update(`${counts}\n${diff}`).digest('hex');
  const name = unitName(options.dir, result.unit);
  const where = [
    options.runUrl ? `[workflow run](${options.runUrl})` : 'a workflow run',
    options.sha ? ` at commit \`${options.sha.slice(0, 7)}\`` : '',
  ].join('');
  const resources = result.resources.slice(0, 50).map((r) => `- \`${r.address}\` (${r.action})`);
  if (result.resources.length > 50) resources.push(`- … ${result.resources.length - 50} more`);
  const head = [
    driftMarker(options.dir, result.unit),
    `<!-- ${MARKER}-hash ${hash} -->`,
    `## Drift: \`${name}\``,
    '',
    `The real infrastructure of \`${name}\` no longer matches its configuration: its plan shows ${counts}.`,
    '',
    ...(result.destroy > 0 || result.replace > 0
      ? [
          '> [!CAUTION]',
          `> The plan destroys ${result.destroy} and replaces ${result.replace} resources.`,
          '',
        ]
      : []),
    ...(resources.length ? [...resources, ''] : []),
    `Found by ${where}. This issue is updated when the drift changes and closed when a plan shows no changes.`,
    '',
  ].join('\n');
  const fenceText = fence(diff);
  const open = `<details open><summary>Plan</summary>\n\n${fenceText}diff\n`;
  const close = `\n${fenceText}\n</details>\n`;
  const whole = `${head}${open}${diff}${close}`;
  if (whole.length <= maxChars) return { title: driftTitle(options.dir, result.unit), body: whole, hash };
  const lines = diff.split('\n');
  const budget = maxChars - head.length - open.length - close.length - 300;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  const note = `_… ${lines.length - kept.length} more lines cut to fit GitHub's size limit; the full plan is in ${whereFull(options)}._\n`;
  const body = `${head}${open}${kept.join('\n')}${close}\n${note}`;
  return { title: driftTitle(options.dir, result.unit), body: body.slice(0, maxChars), hash };
}

/** A closed issue keeps the last drift it showed, under a note saying why it was closed. */
function closingBody(previous: string, note: string, maxChars = DEFAULT_MAX_CHARS): string {
  const lines = previous.split('\n');
  const markers = lines.filter((line) => line.startsWith(`<!-- ${MARKER} `));
  const rest = lines.filter((line) => !line.startsWith(`<!-- ${MARKER}`)).join('\n');
  const body = `${markers.join('\n')}\n> [!NOTE]\n> ${note}\n\n${rest}`;
  return body.length <= maxChars ? body : `${body.slice(0, maxChars - 40)}\n\n_… cut._\n`;
}

export type DriftAction = 'created' | 'updated' | 'unchanged' | 'closed' | 'failed' | 'no-result';

export interface DriftIssue {
  unit: string;
  action: DriftAction;
  number?: number;
  url?: string;
}

interface ListedIssue {
  number: number;
  html_url: string;
  body?: string | null;
  user?: { login?: string } | null;
  pull_request?: unknown;
}

export interface KeepDriftIssuesOptions {
  octokit: GitHubClient;
  repo: Repo;
  /** Our identity: only issues it wrote are ours. */
  author: string;
  label: string;
  dir: string;
  results: UnitResult[];
  /**
   * Every unit this check covers, when known: an issue of ours for a unit outside it (removed or excluded)
   * is closed as not planned. Without it, such issues are left alone.
   */
  units?: string[];
  render: Omit<DriftRenderOptions, 'dir'>;
  logger: Logger;
}

export interface KeepDriftIssuesResult {
  issues: DriftIssue[];
  /** GitHub API calls made (listing pages and writes). */
  calls: number;
}

/**
 * Creates, updates or closes our drift issues for `results`. One listing, then one write per issue whose
 * content changes: an unchanged drift costs no call.
 */
export async function keepDriftIssues(options: KeepDriftIssuesOptions): Promise<KeepDriftIssuesResult> {
  const { octokit, repo, author, label, dir, logger } = options;
  let calls = 0;
  const ours = new Map<string, ListedIssue[]>();
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'open',
    labels: label,
    creator: author,
    per_page: 100,
  })) {
    calls++;
    for (const issue of page.data as ListedIssue[]) {
      if (issue.pull_request || !isAuthoredBy(issue, author)) continue;
      const marker = parseDriftMarker(issue.body ?? '');
      if (!marker || marker.dir !== dir) continue;
      ours.set(marker.unit, [...(ours.get(marker.unit) ?? []), issue]);
    }
  }

  const issues: DriftIssue[] = [];
  const close = async (
    issue: ListedIssue,
    unit: string,
    note: string,
    reason: 'completed' | 'not_planned',
  ) => {
    calls++;
    await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      state: 'closed',
      state_reason: reason,
      body: redact(closingBody(issue.body ?? '', note), options.render.secrets),
    });
    issues.push({ unit, action: 'closed', number: issue.number, url: issue.html_url });
  };
  const where = options.render.runUrl ? ` in [this run](${options.render.runUrl})` : '';
  const at = options.render.sha ? ` at commit \`${options.render.sha.slice(0, 7)}\`` : '';

  // Duplicates of ours (two runs raced): the oldest stays, the others are closed. `not_planned`, not
  // `duplicate`, which GitHub Enterprise Server versions before it refuse.
  for (const [unit, list] of ours) {
    const [first, ...others] = [...list].sort((a, b) => a.number - b.number);
    for (const other of others) await close(other, unit, `Duplicate of #${first!.number}.`, 'not_planned');
    ours.set(unit, [first!]);
  }

  const byUnit = new Map(options.results.map((result) => [result.unit, result]));
  for (const result of options.results) {
    const existing = ours.get(result.unit)?.[0];
    if (result.status === 'failed') {
      // A failed plan says nothing about drift: the issue, if any, stays as it is.
      issues.push({ unit: result.unit, action: 'failed', number: existing?.number, url: existing?.html_url });
    } else if (result.status === 'no-changes') {
      if (existing)
        await close(
          existing,
          result.unit,
          `Resolved: the plan shows no changes${where}${at}. The last drift seen is below.`,
          'completed',
        );
    } else {
      const rendered = renderDriftIssue(result, { ...options.render, dir });
      const body = redact(rendered.body, options.render.secrets);
      if (!existing) {
        calls++;
        const { data } = await octokit.rest.issues.create({
          ...repo,
          title: rendered.title,
          body,
          labels: [label],
        });
        issues.push({ unit: result.unit, action: 'created', number: data.number, url: data.html_url });
      } else if (parseDriftMarker(existing.body ?? '')?.hash === rendered.hash) {
        issues.push({
          unit: result.unit,
          action: 'unchanged',
          number: existing.number,
          url: existing.html_url,
        });
      } else {
        calls++;
        await octokit.rest.issues.update({
          ...repo,
          issue_number: existing.number,
          title: rendered.title,
          body,
        });
        issues.push({
          unit: result.unit,
          action: 'updated',
          number: existing.number,
          url: existing.html_url,
        });
      }
    }
  }

  const covered = options.units ? new Set(options.units) : undefined;
  for (const [unit, [issue]] of ours) {
    if (byUnit.has(unit) || !issue) continue;
    if (covered && !covered.has(unit)) {
      await close(
        issue,
        unit,
        `\`${unitName(dir, unit)}\` is no longer checked for drift${where}: no unit has that path, or it is excluded.`,
        'not_planned',
      );
    } else {
      if (covered)
        logger.warning(`No plan result for ${unit} (did its job fail?): its drift issue is left as it is.`);
      issues.push({ unit, action: 'no-result', number: issue.number, url: issue.html_url });
    }
  }
  return { issues, calls };
}

const ACTION_TEXT: Record<DriftAction, string> = {
  created: '🆕 drift, issue opened',
  updated: '📝 drift changed, issue updated',
  unchanged: '⚠️ drift, unchanged',
  closed: '✅ closed',
  failed: '❌ plan failed',
  'no-result': '❔ no result',
};

/** The job summary's drift table: each unit with an issue or drift, and what was done. */
export function driftSummary(issues: DriftIssue[], total: number, title = 'Terragrunt drift'): string {
  const drifted = issues.filter((i) => ['created', 'updated', 'unchanged'].includes(i.action)).length;
  const lines = [`## ${title}`, '', `${drifted} of ${total} units drifted.`, ''];
  if (issues.length > 0) {
    lines.push('| Unit | State | Issue |', '|---|---|---|');
    for (const issue of issues) {
      const link = issue.number ? `[#${issue.number}](${issue.url})` : '–';
      lines.push(`| \`${issue.unit}\` | ${ACTION_TEXT[issue.action]} | ${link} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
