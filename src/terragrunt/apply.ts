// `/apply` from a pull request comment: only for users who may write, only what was reviewed (the saved
// plan files of the run that wrote the plan comment, whose hashes must match the comment's; a fresh plan
// compared with them when those files have expired), in dependency order. Removed units are destroyed only
// when named with `--allow-destroy`.
import type { GitHubClient } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { getErrorMessage } from '../lib/errors.js';
import type { Repo } from '../lib/github-client.js';
import { findPlanComments } from './comment.js';
import { redact } from '../lib/redact.js';
import { parseMarker, parsePlanHashes, parseSavedPlans } from './plan-render.js';
import type { SavedPlans, SavedPlansRequest } from './plan-files.js';
import type { ExecResult } from '../lib/exec.js';
import { errorText, waves } from './run.js';
import type { UnitResult } from './types.js';

export interface ApplyCommand {
  /** Units named in the command; empty means every planned unit. */
  units: string[];
  /** `--allow-destroy`: the named removed units may be destroyed. */
  allowDestroy: boolean;
}

const ALLOW_DESTROY = '--allow-destroy';

/** Parses `/apply`, `/apply live/prd/ssm live/prd/app` or `/apply --allow-destroy live/old` from the first line. */
export function parseApplyCommand(body: string, command = '/apply'): ApplyCommand | undefined {
  const first = body.trim().split(/\r?\n/)[0]?.trim() ?? '';
  const escaped = command.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`^${escaped}(?:\\s+(.*))?$`).exec(first);
  if (!match) return undefined;
  const words = (match[1] ?? '')
    .split(/[\s,]+/)
    .map((unit) => unit.replace(/^\.\/+/, '').replace(/\/+$/, ''))
    .filter(Boolean);
  return { units: words.filter((w) => w !== ALLOW_DESTROY), allowDestroy: words.includes(ALLOW_DESTROY) };
}

export const WRITE_PERMISSIONS = ['admin', 'maintain', 'write'];

export type Reaction = 'eyes' | 'rocket' | 'confused';

/** What the apply core needs from Terragrunt (TerragruntRunner fits). */
export interface ApplyRunner {
  planUnit(unit: string, destroy?: boolean): Promise<UnitResult>;
  /** Summarises a saved plan file (its hash). */
  showPlan(unit: string, file: string): Promise<UnitResult>;
  /** Applies a saved plan file; by default the one planUnit made. */
  applyUnit(unit: string, file?: string): Promise<ExecResult>;
}

export interface ApplyOptions {
  octokit: GitHubClient;
  repo: Repo;
  issueNumber: number;
  commentId: number;
  commentBody: string;
  actor: string;
  /** The login that posts plan comments: a plan comment by anyone else is never trusted. */
  planAuthor: string;
  /** Workflow that posted the plan comment; undefined: any plan comment for `dir`. */
  workflow?: string;
  dir: string;
  requireApproved: boolean;
  requireMergeable: boolean;
  /** Commit checked out in the workspace (must be the PR head). */
  checkedOutSha?: string;
  /** Unit dependencies (relative to the root), for ordering. */
  dependencies: Map<string, string[]>;
  runner: ApplyRunner;
  /** A runner in a worktree of the base commit, for removed units (created once, removed by the caller). */
  baseRunner?: (base: string) => Promise<ApplyRunner>;
  /** Downloads the reviewed plan files of the plan run; without it every unit is planned afresh. */
  savedPlans?: (request: SavedPlansRequest) => Promise<SavedPlans>;
  logger: Logger;
  secrets?: string[];
  command?: string;
}

export interface UnitApply {
  unit: string;
  status: 'applied' | 'no-changes' | 'failed' | 'skipped';
  output: string;
}

export interface ApplyOutcome {
  status: 'ignored' | 'refused' | 'applied' | 'failed';
  reason?: string;
  units: UnitApply[];
  commentUrl?: string;
}

async function react(options: ApplyOptions, content: Reaction): Promise<void> {
  try {
    await options.octokit.rest.reactions.createForIssueComment({
      ...options.repo,
      comment_id: options.commentId,
      content,
    });
  } catch (error) {
    options.logger.warning(`Could not react to the command comment: ${getErrorMessage(error)}`);
  }
}

async function reply(options: ApplyOptions, body: string): Promise<string | undefined> {
  const response = await options.octokit.rest.issues.createComment({
    ...options.repo,
    issue_number: options.issueNumber,
    body,
  });
  return response.data.html_url;
}

/** Why the PR may not be applied yet, or undefined when it may. */
async function checkRequirements(options: ApplyOptions): Promise<{ refusal?: string; headSha: string }> {
  const { octokit, repo } = options;
  const { data: permission } = await octokit.rest.repos.getCollaboratorPermissionLevel({
    ...repo,
    username: options.actor,
  });
  const role = (permission as { role_name?: string }).role_name ?? permission.permission;
  if (!WRITE_PERMISSIONS.includes(permission.permission) && !WRITE_PERMISSIONS.includes(role)) {
    return {
      refusal: `@${options.actor} has \`${role}\` permission on this repository; applying needs write, maintain or admin.`,
      headSha: '',
    };
  }
  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: options.issueNumber });
  if (pull.state !== 'open') return { refusal: 'The pull request is not open.', headSha: pull.head.sha };
  if (options.requireMergeable && pull.mergeable !== true) {
    return {
      refusal: `The pull request is not mergeable (mergeable: ${String(pull.mergeable)}, state: ${pull.mergeable_state ?? 'unknown'}); \`require-mergeable\` is on.`,
      headSha: pull.head.sha,
    };
  }
  if (options.requireApproved) {
    const review = await reviewState(options, pull.head.sha, pull.user?.login ?? '');
    if (review.changesRequested.length > 0) {
      return {
        refusal: `${review.changesRequested.map((login) => `@${login}`).join(', ')} requested changes; \`require-approval\` is on.`,
        headSha: pull.head.sha,
      };
    }
    if (review.approvedBy.length === 0) {
      return {
        refusal: `The pull request has no approval of its latest commit ${pull.head.sha.slice(0, 7)} by a user with write, maintain or admin permission (the author's own does not count); \`require-approval\` is on.`,
        headSha: pull.head.sha,
      };
    }
  }
  return { headSha: pull.head.sha };
}

/**
 * The approvals that count: the latest review of each reviewer (a later dismissal or change request replaces
 * an approval), of the head commit, by a reviewer with write, maintain or admin permission, never the
 * author's own. One permission call per distinct reviewer whose review could count.
 */
export async function reviewState(
  options: Pick<ApplyOptions, 'octokit' | 'repo' | 'issueNumber'>,
  headSha: string,
  author: string,
): Promise<{ approvedBy: string[]; changesRequested: string[] }> {
  const { octokit, repo } = options;
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    ...repo,
    pull_number: options.issueNumber,
    per_page: 100,
  });
  const latest = new Map<string, { login: string; state: string; commit: string | null }>();
  for (const review of reviews) {
    // A comment-only review neither grants nor withdraws an approval.
    if (!review.user || review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    if (review.user.login.toLowerCase() === author.toLowerCase()) continue;
    latest.set(review.user.login.toLowerCase(), {
      login: review.user.login,
      state: review.state,
      commit: review.commit_id ?? null,
    });
  }
  const isWriter = async (login: string) => {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return WRITE_PERMISSIONS.includes(data.permission) || WRITE_PERMISSIONS.includes(role);
  };
  const approvedBy: string[] = [];
  const changesRequested: string[] = [];
  for (const { login, state, commit } of latest.values()) {
    if (state === 'APPROVED' && commit === headSha && (await isWriter(login))) approvedBy.push(login);
    if (state === 'CHANGES_REQUESTED' && (await isWriter(login))) changesRequested.push(login);
  }
  return { approvedBy, changesRequested };
}

function resultComment(options: ApplyOptions, title: string, lines: string[], units: UnitApply[]): string {
  const out = [`### ${title}`, '', ...lines];
  if (units.length > 0) {
    out.push('', '| Unit | Result |', '|---|---|');
    const icon = {
      applied: '✅ applied',
      'no-changes': '✅ no changes',
      failed: '❌ failed',
      skipped: '⏭️ skipped',
    };
    for (const unit of units) out.push(`| \`${unit.unit}\` | ${icon[unit.status]} |`);
    for (const unit of units.filter((u) => u.output.trim())) {
      const text = redact(unit.output, options.secrets).slice(-15_000);
      out.push(
        '',
        `<details><summary><code>${unit.unit}</code> — ${unit.status}</summary>`,
        '',
        '```text',
        text,
        '```',
        '',
        '</details>',
      );
    }
  }
  out.push('', `_Requested by @${options.actor}._`);
  return out.join('\n');
}

/** Handles one `/apply` comment end to end; never throws for a refusal (it is reported on the PR). */
export async function handleApplyCommand(options: ApplyOptions): Promise<ApplyOutcome> {
  const command = parseApplyCommand(options.commentBody, options.command);
  if (!command) return { status: 'ignored', reason: 'not an apply command', units: [] };
  await react(options, 'eyes');

  // The refusal is reported once, by the caller (the action fails with it), and on the pull request.
  const refuse = async (reason: string, units: UnitApply[] = []): Promise<ApplyOutcome> => {
    const commentUrl = await reply(options, resultComment(options, '😕 Apply refused', [reason], units));
    await react(options, 'confused');
    return { status: 'refused', reason, units, commentUrl };
  };

  const { refusal, headSha } = await checkRequirements(options);
  if (refusal) return refuse(refusal);
  if (options.checkedOutSha && options.checkedOutSha !== headSha) {
    return refuse(
      `The workspace is at ${options.checkedOutSha.slice(0, 7)}, not the pull request head ${headSha.slice(0, 7)}: check out \`refs/pull/${options.issueNumber}/head\` before this step.`,
    );
  }

  const planComments = await findPlanComments(
    options.octokit,
    options.repo,
    options.issueNumber,
    options.workflow,
    options.dir,
    options.planAuthor,
  );
  const planComment = planComments[planComments.length - 1];
  if (!planComment)
    return refuse(
      `There is no plan comment by @${options.planAuthor} for \`${options.dir}\` yet: wait for the plan workflow to comment (if it posts with another token, set \`plan-author\` or \`app-slug\`).`,
    );
  const marker = parseMarker(planComment.body ?? '');
  if (marker?.head && marker.head !== headSha) {
    return refuse(
      `The plan comment is for ${marker.head.slice(0, 7)} but the pull request head is ${headSha.slice(0, 7)}: wait for the plan of the latest commit, review it, then comment again.`,
    );
  }
  const body = planComment.body ?? '';
  const hashes = parsePlanHashes(body);
  const saved = parseSavedPlans(body);
  const requested = command.units.length > 0 ? command.units : [...hashes.keys()];
  const unknown = requested.filter((unit) => !hashes.has(unit) && !saved.removed.has(unit));
  const list = (units: Iterable<string>) => [...units].map((u) => `\`${u}\``).join(', ');
  if (unknown.length > 0) {
    return refuse(
      `Not in the reviewed plan: ${list(unknown)}. Planned units: ${list(hashes.keys()) || 'none'}${saved.removed.size ? `; removed units: ${list(saved.removed.keys())}` : ''}.`,
    );
  }
  const destroying = requested.filter((unit) => saved.removed.has(unit));
  if (destroying.length > 0 && !command.allowDestroy) {
    return refuse(
      `${list(destroying)} ${destroying.length === 1 ? 'was' : 'were'} removed by this pull request: applying destroys every resource ${destroying.length === 1 ? 'it manages' : 'they manage'}. To do that, comment \`${options.command ?? '/apply'} ${ALLOW_DESTROY} ${destroying.join(' ')}\`.`,
    );
  }
  if (command.allowDestroy && command.units.length === 0) {
    return refuse(
      `\`${ALLOW_DESTROY}\` destroys only the removed units it names: comment \`${options.command ?? '/apply'} ${ALLOW_DESTROY} <unit>\`${saved.removed.size ? ` (removed: ${list(saved.removed.keys())})` : ''}.`,
    );
  }
  if (requested.length === 0) return refuse('The plan comment lists no units to apply.');
  if (destroying.length > 0 && (!saved.base || !options.baseRunner)) {
    return refuse('The plan comment records no base commit for the removed units: re-run the plan workflow.');
  }
  const reviewed = (unit: string) => (saved.removed.get(unit) ?? hashes.get(unit))!;
  const isRemoved = (unit: string) => saved.removed.has(unit);
  const runnerFor = async (unit: string) =>
    isRemoved(unit) ? options.baseRunner!(saved.base!) : options.runner;

  // The reviewed plan files, from the artifact of the run that wrote the comment.
  const notes: string[] = [];
  let files = new Map<string, string>();
  let unavailable = 'the plan comment names no workflow run';
  if (saved.run !== undefined && options.savedPlans) {
    try {
      const found = await options.savedPlans({
        runId: saved.run,
        artifact: saved.artifact ?? 'terragrunt-plans',
        headSha,
        units: requested.map((unit) => ({ unit, planHash: reviewed(unit) })),
      });
      files = found.files;
      unavailable = found.unavailable ?? 'the artifact does not hold them';
    } catch (error) {
      const status = (error as { status?: number }).status;
      const hint = status === 403 || status === 404 ? '; the job needs `actions: read`' : '';
      unavailable = `reading the artifacts failed: ${getErrorMessage(error)}${hint}`;
    }
  }
  const fresh = requested.filter((unit) => !files.has(unit));
  if (fresh.length > 0) {
    notes.push(
      `The saved plan${fresh.length === 1 ? '' : 's'} of ${list(fresh)} ${fresh.length === 1 ? 'is' : 'are'} not available (${unavailable}): planned again and compared with the reviewed plan instead.`,
    );
    options.logger.warning(notes[notes.length - 1]!);
  }

  // Nothing is applied unless every unit's plan (saved or fresh) is the reviewed one.
  const plans = new Map<string, UnitResult>();
  for (const unit of requested) {
    const runner = await runnerFor(unit);
    const file = files.get(unit);
    plans.set(unit, file ? await runner.showPlan(unit, file) : await runner.planUnit(unit, isRemoved(unit)));
  }
  const failed = [...plans.values()].filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    return refuse(
      `Reading the plan failed for ${list(failed.map((r) => r.unit))}; nothing was applied.`,
      failed.map((r) => ({ unit: r.unit, status: 'failed', output: r.error ?? '' })),
    );
  }
  const savedDiffers = [...plans.values()].filter(
    (r) => files.has(r.unit) && r.planHash !== reviewed(r.unit),
  );
  if (savedDiffers.length > 0) {
    return refuse(
      `The saved plan of ${list(savedDiffers.map((r) => r.unit))} in run ${saved.run} is not the reviewed plan (its hash differs from the plan comment's); nothing was applied. Re-run the plan workflow, review the new plan, then comment again.`,
    );
  }
  // A fresh plan without changes cannot do harm (e.g. the unit was applied on its own first): it is skipped.
  const differs = [...plans.values()].filter(
    (r) => !files.has(r.unit) && r.status === 'changes' && r.planHash !== reviewed(r.unit),
  );
  if (differs.length > 0) {
    return refuse(
      `The plan changed since it was reviewed for ${list(differs.map((r) => r.unit))} (e.g. someone applied or the state drifted); nothing was applied. Push a commit or re-run the plan workflow, review the new plan, then comment again.`,
    );
  }

  const applyOne = async (unit: string): Promise<UnitApply> => {
    if (plans.get(unit)?.status === 'no-changes') return { unit, status: 'no-changes', output: '' };
    const runner = await runnerFor(unit);
    const run = await runner.applyUnit(unit, files.get(unit));
    if (run.exitCode === 0) return { unit, status: 'applied', output: tail(run.stdout) };
    if (/Saved plan is stale/.test(`${run.stdout}\n${run.stderr}`)) {
      // The state changed since the plan. A plan without changes means this plan was applied already
      // (e.g. `/apply <unit>` first); anything else needs a new review. Nothing else is applied for it.
      const now = await runner.planUnit(unit, isRemoved(unit));
      if (now.status === 'no-changes') return { unit, status: 'no-changes', output: 'Already applied.' };
      return {
        unit,
        status: 'failed',
        output: `The saved plan is stale: the state of ${unit} changed after it was planned, so it was not applied. Re-plan (push a commit or re-run the plan workflow), review the new plan, then comment again.\n\n${errorText(run)}`,
      };
    }
    return { unit, status: 'failed', output: errorText(run) };
  };

  // Apply in dependency order, then destroy the removed units in the order named; a failure stops the rest.
  const results: UnitApply[] = [];
  let stop = false;
  const updating = requested.filter((unit) => !isRemoved(unit));
  const order = [
    ...waves(updating.map((path) => ({ path, dependencies: options.dependencies.get(path) ?? [] }))),
    ...destroying.map((unit) => [unit]),
  ];
  for (const wave of order) {
    const outcomes = await Promise.all(
      wave.map(async (unit): Promise<UnitApply> =>
        stop ? { unit, status: 'skipped', output: '' } : applyOne(unit),
      ),
    );
    results.push(...outcomes);
    if (outcomes.some((o) => o.status === 'failed')) stop = true;
  }
  const ok = results.every((r) => r.status === 'applied' || r.status === 'no-changes');
  const stale = results.some((r) => r.output.startsWith('The saved plan is stale'));
  const title = ok ? '🚀 Apply succeeded' : '❌ Apply failed';
  const how =
    fresh.length === 0
      ? `the saved plan files of run ${saved.run}`
      : fresh.length === requested.length
        ? 'fresh plans matching the reviewed ones'
        : `the saved plan files of run ${saved.run}, and fresh plans for ${list(fresh)}`;
  const lines = [`Applied the reviewed plan of ${headSha.slice(0, 7)} from ${how}.`, ...notes];
  if (stale) lines.push('A saved plan was stale: re-plan, review, then comment again.');
  const left = [...saved.removed.keys()].filter((unit) => !requested.includes(unit));
  if (left.length > 0 && command.units.length === 0)
    lines.push(
      `Removed units not destroyed: ${list(left)} (comment \`${options.command ?? '/apply'} ${ALLOW_DESTROY} <unit>\`).`,
    );
  const commentUrl = await reply(options, resultComment(options, title, lines, results));
  await react(options, ok ? 'rocket' : 'confused');
  return { status: ok ? 'applied' : 'failed', units: results, commentUrl };
}

function tail(text: string, lines = 40): string {
  const all = text.trim().split('\n');
  return all.slice(-lines).join('\n');
}
