// Renders per-unit plan results as one PR comment (and the job summary): status, destroy banner, a table
// of units, one collapsible diff per unit, and a size guard that keeps the body under GitHub's limit.
import { redact } from '../lib/redact.js';
import type { UnitResult } from './types.js';

/** GitHub rejects comment bodies of 65,536 characters or more; keep a margin. */
export const GITHUB_COMMENT_LIMIT = 65_536;
export const DEFAULT_MAX_CHARS = 65_000;

export const MARKER_PREFIX = '<!-- platform-actions:terragrunt-plan';
const HASHES_PREFIX = '<!-- platform-actions:terragrunt-plan-hashes ';
const FILES_PREFIX = '<!-- platform-actions:terragrunt-plan-files ';

export interface RenderOptions {
  /** Workflow name (part of the hidden marker: one comment per workflow and root dir). */
  workflow: string;
  /** Terragrunt root directory, relative to the repository. */
  dir: string;
  /** Commit the plan was made for. */
  headSha?: string;
  /** Link to the workflow run. */
  runUrl?: string;
  /** Name of the workflow artifact holding the full plans. */
  artifactName?: string;
  /** Title; default "Terragrunt plan". */
  title?: string;
  /** Maximum body length; default 65,000 characters (GitHub refuses comments of 65,536 or more). */
  maxChars?: number;
  /** Values that must never appear (replaced by ***). */
  secrets?: string[];
  /** Whether to show the `/apply` hint. */
  applyHint?: boolean;
  /** Units detected as removed (their config was deleted). */
  removed?: string[];
  /** The run whose `artifactName` artifact holds the saved plan files (recorded for apply). */
  runId?: number;
  /** The base commit removed units were planned from. */
  baseSha?: string;
}

/** Where `/apply` finds the reviewed plan files, and the removed units planned as destroys. */
export interface SavedPlanRecord {
  run?: number;
  artifact?: string;
  base?: string;
  /** Plan hash of each removed unit (planned as a destroy from `base`). */
  removed: Map<string, string>;
}

export interface RenderedComment {
  body: string;
  /** Units whose details were shortened or cut to fit. */
  cut: string[];
}

const encode = (value: string) => encodeURIComponent(value).replace(/%2F/gi, '/');

export function commentMarker(workflow: string, dir: string): string {
  return `${MARKER_PREFIX} workflow=${encode(workflow)} dir=${encode(dir)} -->`;
}

/** Reads the marker line of a body: its workflow, dir and head, or undefined when it is not ours. */
export function parseMarker(body: string): { workflow: string; dir: string; head?: string } | undefined {
  const match = /<!-- platform-actions:terragrunt-plan workflow=(\S*) dir=(\S*) -->/.exec(body);
  if (!match) return undefined;
  const head = /<!-- platform-actions:terragrunt-plan-head (\w+) -->/.exec(body)?.[1];
  return { workflow: decodeURIComponent(match[1]!), dir: decodeURIComponent(match[2]!), head };
}

/** Per-unit plan hashes recorded in a plan comment. */
export function parsePlanHashes(body: string): Map<string, string> {
  const at = body.indexOf(HASHES_PREFIX);
  if (at < 0) return new Map();
  const end = body.indexOf(' -->', at);
  try {
    const parsed = JSON.parse(body.slice(at + HASHES_PREFIX.length, end)) as Record<string, string>;
    return new Map(Object.entries(parsed));
  } catch {
    return new Map();
  }
}

/** The saved-plan record of a plan comment (empty for comments written before it existed). */
export function parseSavedPlans(body: string): SavedPlanRecord {
  const at = body.indexOf(FILES_PREFIX);
  if (at < 0) return { removed: new Map() };
  try {
    const parsed = JSON.parse(body.slice(at + FILES_PREFIX.length, body.indexOf(' -->', at))) as {
      run?: number;
      artifact?: string;
      base?: string;
      removed?: Record<string, string>;
    };
    return {
      run: typeof parsed.run === 'number' ? parsed.run : undefined,
      artifact: typeof parsed.artifact === 'string' ? parsed.artifact : undefined,
      base:
        typeof parsed.base === 'string' && /^[0-9a-f]{7,64}$/i.test(parsed.base) ? parsed.base : undefined,
      removed: new Map(Object.entries(parsed.removed ?? {}).filter(([, hash]) => typeof hash === 'string')),
    };
  } catch {
    return { removed: new Map() };
  }
}

/** JSON inside an HTML comment: `--` would end it early. */
const commentJson = (value: unknown) => JSON.stringify(value).replace(/--/g, '-\\u002d');

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A code fence longer than any backtick run inside `text`. */
export function fence(text: string): string {
  let longest = 2;
  for (const match of text.matchAll(/`{3,}/g)) longest = Math.max(longest, match[0].length);
  return '`'.repeat(longest + 1);
}

const ACTIONS_HEADER = /^(?:Terraform|OpenTofu) (?:will perform|used the selected providers)/;
const DIFF_LINE = /^(\s*)(-\/\+|\+\/-|[-+~])(\s)/;

/**
 * Turns a human plan into a ```diff body: the resource changes (from "will perform the following actions"
 * on), with each change symbol moved to the start of its line so GitHub colours it.
 */
export function toDiff(plan: string): string {
  const lines = plan
    .replace(/\r\n/g, '\n')
    .replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '')
    .split('\n');
  let start = lines.findIndex((line) => /will perform the following actions/.test(line));
  if (start < 0)
    start = lines.findIndex((line) => ACTIONS_HEADER.test(line) || /^Changes to Outputs:/.test(line));
  const body = start >= 0 ? lines.slice(start + 1) : lines;
  const out: string[] = [];
  for (const line of body) {
    if (/^─+$/.test(line.trim()) || /^Note: You didn't use the -out option/.test(line)) break;
    const match = DIFF_LINE.exec(line);
    if (match) {
      const [, indent = '', symbol = '', space = ''] = match;
      out.push(`${symbol}${indent}${space}${line.slice(match[0].length)}`);
    } else out.push(line);
  }
  while (out.length > 0 && out[0]!.trim() === '') out.shift();
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out.join('\n');
}

function statusCell(result: UnitResult): string {
  if (result.status === 'failed') return '❌ failed';
  if (result.destroy > 0 || result.replace > 0) return '⚠️ destroys';
  if (result.status === 'changes') return '📝 changes';
  return '✅ no changes';
}

interface Section {
  unit: string;
  /** Full <details> block. */
  full: string;
  /** Current text (full, shortened or stub). */
  text: string;
  lines: string[];
  summary: string;
  fence: string;
  kind: 'diff' | 'text';
  cut: boolean;
  stubbed: boolean;
}

/** "1 to add, 2 to change, 1 output" ('' when nothing changes). */
export function countsText(result: UnitResult): string {
  const counts: string[] = [];
  if (result.add) counts.push(`${result.add} to add`);
  if (result.change) counts.push(`${result.change} to change`);
  if (result.destroy) counts.push(`${result.destroy} to destroy`);
  if (result.replace) counts.push(`${result.replace} to replace`);
  if (result.import) counts.push(`${result.import} to import`);
  if (result.move) counts.push(`${result.move} to move`);
  if (result.outputs?.length)
    counts.push(`${result.outputs.length} output${result.outputs.length > 1 ? 's' : ''}`);
  return counts.join(', ');
}

function summaryLine(result: UnitResult): string {
  const detail = result.status === 'failed' ? 'failed' : countsText(result) || 'no changes';
  return `<code>${escapeHtml(result.unit)}</code> — ${detail}`;
}

function section(result: UnitResult, secrets: string[]): Section {
  const failed = result.status === 'failed';
  const content = redact(failed ? (result.error ?? 'failed').trim() : toDiff(result.diff), secrets);
  const fenceText = fence(content);
  const kind = failed ? 'text' : 'diff';
  const summary = summaryLine(result);
  const lines = content.split('\n');
  const full = detailsBlock(summary, fenceText, kind, content, failed);
  return {
    unit: result.unit,
    full,
    text: full,
    lines,
    summary,
    fence: fenceText,
    kind,
    cut: false,
    stubbed: false,
  };
}

function detailsBlock(
  summary: string,
  fenceText: string,
  kind: string,
  content: string,
  open: boolean,
  note = '',
): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${fenceText}${kind}\n${content}\n${fenceText}\n${note}\n</details>\n`;
}

/** Renders the comment body; never longer than maxChars (the table is kept whole). */
export function renderPlanComment(results: UnitResult[], options: RenderOptions): RenderedComment {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const secrets = options.secrets ?? [];
  const title = options.title ?? 'Terragrunt plan';
  const failed = results.filter((r) => r.status === 'failed');
  const changed = results.filter((r) => r.status === 'changes');
  const planned = results.filter((r) => !r.removed);
  const destroyPlans = results.filter((r) => r.removed);
  const unchanged = planned.filter((r) => r.status === 'no-changes');
  const destroying = results.filter((r) => r.status !== 'failed' && (r.destroy > 0 || r.replace > 0));

  const head: string[] = [commentMarker(options.workflow, options.dir)];
  if (options.headSha) head.push(`<!-- platform-actions:terragrunt-plan-head ${options.headSha} -->`);
  const hashes: Record<string, string> = {};
  for (const r of planned) if (r.planHash) hashes[r.unit] = r.planHash;
  head.push(`${HASHES_PREFIX}${commentJson(hashes)} -->`);
  if (options.runId !== undefined || destroyPlans.length > 0) {
    const removedHashes: Record<string, string> = {};
    for (const r of destroyPlans) if (r.planHash) removedHashes[r.unit] = r.planHash;
    const record = {
      run: options.runId,
      artifact: options.artifactName,
      base: destroyPlans.length > 0 ? options.baseSha : undefined,
      removed: removedHashes,
    };
    head.push(`${FILES_PREFIX}${commentJson(record)} -->`);
  }

  const where = options.dir && options.dir !== '.' ? ` in \`${options.dir}\`` : '';
  const status =
    failed.length > 0
      ? `❌ **${title} failed** for ${failed.length} of ${results.length} unit${results.length === 1 ? '' : 's'}${where}`
      : changed.length > 0
        ? `📝 **${title}**: ${changed.length} of ${results.length} unit${results.length === 1 ? '' : 's'} with changes${where}`
        : results.length > 0
          ? `✅ **${title}**: no changes in ${results.length} unit${results.length === 1 ? '' : 's'}${where}`
          : `✅ **${title}**: no units affected${where}`;
  head.push(`## ${title}`, '', status, '');

  if (destroying.length > 0) {
    const destroyed = destroying.reduce((sum, r) => sum + r.destroy, 0);
    const replaced = destroying.reduce((sum, r) => sum + r.replace, 0);
    const what = [
      destroyed ? `${destroyed} resource${destroyed === 1 ? '' : 's'} destroyed` : '',
      replaced ? `${replaced} replaced` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const units = destroying.map((r) => `\`${r.unit}\``).join(', ');
    head.push('> [!CAUTION]', `> **${what}** in ${units}.`);
    const gone = destroying.filter((r) => r.removed).map((r) => r.unit);
    if (gone.length > 0) {
      head.push(
        '>',
        `> Removed by this change: ${gone.map((u) => `\`${u}\``).join(', ')}. Applying ${gone.length === 1 ? 'it destroys everything it manages' : 'them destroys everything they manage'} and needs \`/apply --allow-destroy ${gone.join(' ')}\`.`,
      );
    }
    head.push('');
  }
  const unplanned = (options.removed ?? []).filter((u) => !destroyPlans.some((r) => r.unit === u));
  if (unplanned.length > 0) {
    head.push(
      '> [!WARNING]',
      `> Config deleted for ${unplanned.map((u) => `\`${u}\``).join(', ')}: nothing is planned for ${unplanned.length === 1 ? 'it' : 'them'}; destroy ${unplanned.length === 1 ? 'its' : 'their'} resources before removing the config.`,
      '',
    );
  }

  const table: string[] = [];
  const listed = planned.filter((r) => r.status !== 'no-changes');
  listed.sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed'));
  if (listed.length > 0) {
    table.push('| Unit | Add | Change | Destroy | Replace | Status |', '|---|---:|---:|---:|---:|---|');
    for (const r of listed) {
      const n = (value: number) => (r.status === 'failed' ? '–' : String(value));
      table.push(
        `| \`${r.unit}\` | ${n(r.add)} | ${n(r.change)} | ${n(r.destroy)} | ${n(r.replace)} | ${statusCell(r)} |`,
      );
    }
    table.push('');
  }
  if (unchanged.length > 0) {
    table.push(
      `✅ No changes (${unchanged.length}): ${unchanged.map((r) => `\`${r.unit}\``).join(', ')}`,
      '',
    );
  }

  const removedBlock: string[] = [];
  const removedListed = destroyPlans.filter((r) => r.status !== 'no-changes');
  if (destroyPlans.length > 0) {
    const base = options.baseSha ? ` from the base commit ${options.baseSha.slice(0, 7)}` : '';
    removedBlock.push(
      `### Removed units: destroy planned${base}`,
      '',
      '| Unit | Destroy | Status |',
      '|---|---:|---|',
      ...destroyPlans.map(
        (r) =>
          `| \`${r.unit}\` | ${r.status === 'failed' ? '–' : r.destroy} | ${r.status === 'no-changes' ? '✅ nothing to destroy' : statusCell(r)} |`,
      ),
      '',
    );
  }

  const sections = [...listed, ...removedListed].map((r) => section(r, secrets));

  const footer: string[] = [''];
  const meta: string[] = [];
  if (options.headSha) meta.push(`Plan of ${options.headSha.slice(0, 7)}`);
  if (options.runUrl) meta.push(`[workflow run](${options.runUrl})`);
  if (meta.length) footer.push(meta.join(' · '));
  if (options.applyHint && changed.length > 0 && failed.length === 0) {
    if (planned.some((r) => r.status === 'changes'))
      footer.push('', 'Comment `/apply` to apply every unit above, or `/apply <unit>` for one unit.');
    if (removedListed.length > 0)
      footer.push('', 'Comment `/apply --allow-destroy <unit>` to destroy a removed unit.');
  }

  const where2 = `the job summary${options.artifactName ? ` and the \`${options.artifactName}\` workflow artifact` : ''}${options.runUrl ? ` of [this run](${options.runUrl})` : ''}`;
  const assemble = (cutNote: string) =>
    [
      ...head,
      ...table,
      ...sections
        .slice(0, listed.length)
        .map((s) => s.text)
        .filter(Boolean),
      ...removedBlock,
      ...sections
        .slice(listed.length)
        .map((s) => s.text)
        .filter(Boolean),
      ...(cutNote ? [cutNote] : []),
      ...footer,
    ].join('\n');

  const cutUnits = () => sections.filter((s) => s.cut).map((s) => s.unit);
  const noteFor = () => {
    const units = cutUnits();
    if (units.length === 0) return '';
    const named = units.length <= 10 ? units.map((u) => `\`${u}\``).join(', ') : `${units.length} units`;
    return `> [!NOTE]\n> This comment is kept under GitHub's size limit: the plan of ${named} was shortened. Full plans are in ${where2}.\n`;
  };
  // Lengths are tracked arithmetically (assembling 500 units on every step would be quadratic).
  const fixed = assemble('').length - sections.reduce((sum, s) => sum + s.text.length, 0);
  let total = fixed + sections.reduce((sum, s) => sum + s.text.length, 0);
  const NOTE_RESERVE = 1000;
  const byLength = [...sections].sort((a, b) => b.text.length - a.text.length);
  // Shrink the largest details first until the body fits: shorten the diff, else cut it to a stub.
  for (let attempt = 0; attempt < 3 && total > maxChars; attempt++) {
    const budget = maxChars - NOTE_RESERVE;
    for (const largest of byLength) {
      if (total <= budget) break;
      if (largest.stubbed) continue;
      const before = largest.text.length;
      const target = before - (total - budget);
      largest.cut = true;
      if (target >= 1500) largest.text = shorten(largest, target);
      else {
        largest.text = stub(largest);
        largest.stubbed = true;
      }
      total += largest.text.length - before;
    }
    total = assemble(noteFor()).length;
  }
  let body = assemble(noteFor());
  if (body.length > maxChars) {
    // Only the fixed parts are left (hundreds of units): drop the per-unit stubs entirely.
    for (const s of sections) {
      s.text = '';
      s.cut = true;
    }
    body = assemble(noteFor());
    if (body.length > maxChars)
      body = `${body.slice(0, maxChars - 200)}\n\n… (cut: full report in ${where2})\n`;
  }
  return { body, cut: cutUnits() };
}

function shorten(s: Section, target: number): string {
  const overhead = detailsBlock(s.summary, s.fence, s.kind, '', false, '_… N more lines cut._').length + 20;
  const budget = target - overhead;
  const kept: string[] = [];
  let used = 0;
  for (const line of s.lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  const more = s.lines.length - kept.length;
  return detailsBlock(
    s.summary,
    s.fence,
    s.kind,
    kept.join('\n'),
    false,
    `_… ${more} more line${more === 1 ? '' : 's'} cut._`,
  );
}

function stub(s: Section): string {
  return `<details><summary>${s.summary}</summary>\n\n_Plan too large for this comment (${s.lines.length} lines)._\n</details>\n`;
}
