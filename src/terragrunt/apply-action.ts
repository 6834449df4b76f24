// The terragrunt-apply core: `/apply` comments on pull requests, and apply-on-merge for pushes to the
// default branch (plan each affected unit, apply the saved plan, in dependency order).
import { join, resolve } from 'node:path';
import type { GitHubClient } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { ConfigurationError } from '../lib/errors.js';
import { handleApplyCommand, type UnitApply } from './apply.js';
import { changedFilesFromGit } from './changes.js';
import type { RunContext } from './context.js';
import { detectUnits } from './detect.js';
import { redact } from '../lib/redact.js';
import type { Exec } from '../lib/exec.js';
import { errorText, TerragruntRunner, waves } from './run.js';
import { downloadSavedPlans } from './plan-files.js';
import { addBaseWorktree, type BaseWorktree } from './removed.js';

export interface ApplyConfig {
  rootDir: string;
  command: string;
  requireApproved: boolean;
  requireMergeable: boolean;
  applyOnMerge: boolean;
  includeDependents: boolean;
  exclude: string[];
  parallelism: number;
  terragrunt: string;
  tfPath?: string;
  planArgs: string[];
  planDir: string;
  /** Name of the plan workflow whose comment records the reviewed plan (default: any, the latest for the root). */
  planWorkflow?: string;
  /** Login that posts the plan comments; default our own identity. */
  planAuthor?: string;
}

export interface ApplyDeps {
  context: RunContext;
  getOctokit: () => Promise<GitHubClient>;
  /** Our identity (the login the token comments as), resolved once. */
  getIdentity: () => Promise<string>;
  exec: Exec;
  logger: Logger;
  /** Environment for Terragrunt; built lazily so credentials are only fetched when something applies. */
  childEnv: () => Promise<Record<string, string>>;
  secrets: () => string[];
}

export interface ApplyActionOutcome {
  status: 'ignored' | 'refused' | 'applied' | 'failed';
  reason?: string;
  units: UnitApply[];
  commentUrl?: string;
  summary: string;
}

function summaryOf(title: string, units: UnitApply[], reason?: string): string {
  const lines = [`## ${title}`, ''];
  if (reason) lines.push(reason, '');
  if (units.length) {
    lines.push('| Unit | Result |', '|---|---|');
    for (const unit of units) lines.push(`| \`${unit.unit}\` | ${unit.status} |`);
  }
  return lines.join('\n');
}

export async function runApply(config: ApplyConfig, deps: ApplyDeps): Promise<ApplyActionOutcome> {
  const { context, logger } = deps;
  const rootDir = resolve(context.workspace, config.rootDir);

  const makeRunner = async (root = rootDir, planDir = config.planDir) =>
    new TerragruntRunner({
      rootDir: root,
      terragrunt: config.terragrunt,
      tfPath: config.tfPath,
      parallelism: config.parallelism,
      env: await deps.childEnv(),
      exec: deps.exec,
      logger,
      planDir,
      secrets: deps.secrets(),
      planArgs: config.planArgs,
    });

  if (context.eventName === 'issue_comment') {
    const { issue, comment } = context.event;
    if (!issue?.pull_request || !comment || !context.repo) {
      return { status: 'ignored', reason: 'not a pull request comment', units: [], summary: '' };
    }
    const all = await detectUnits({ repoRoot: context.workspace, rootDir, changedFiles: [], all: true });
    const head = await deps.exec('git', ['rev-parse', 'HEAD'], {
      cwd: context.workspace,
      // eslint-disable-next-line no-restricted-properties -- not yet passed in by the entry point
      env: { PATH: process.env.PATH ?? '' },
    });
    let runner: TerragruntRunner | undefined;
    const lazyRunner = {
      planUnit: async (unit: string, destroy?: boolean) =>
        (runner ??= await makeRunner()).planUnit(unit, destroy),
      showPlan: async (unit: string, file: string) => (runner ??= await makeRunner()).showPlan(unit, file),
      applyUnit: async (unit: string, file?: string) => (runner ??= await makeRunner()).applyUnit(unit, file),
    };
    // Removed units run in one worktree of the base commit, removed when the command is done.
    let base: { worktree: BaseWorktree; runner: TerragruntRunner } | undefined;
    const baseRunner = async (sha: string) => {
      if (!base) {
        const worktree = await addBaseWorktree(
          deps.exec,
          context.workspace,
          sha,
          context.temp,
          await deps.childEnv(),
        );
        base = {
          worktree,
          runner: await makeRunner(join(worktree.path, config.rootDir), join(config.planDir, 'removed')),
        };
      }
      return base.runner;
    };
    const octokit = await deps.getOctokit();
    const repo = context.repo;
    let outcome;
    try {
      outcome = await handleApplyCommand({
        octokit,
        repo,
        issueNumber: issue.number,
        commentId: comment.id,
        commentBody: comment.body ?? '',
        actor: comment.user?.login ?? context.event.sender?.login ?? '',
        planAuthor: config.planAuthor ?? (await deps.getIdentity()),
        workflow: config.planWorkflow,
        dir: config.rootDir,
        requireApproved: config.requireApproved,
        requireMergeable: config.requireMergeable,
        checkedOutSha: head.exitCode === 0 ? head.stdout.trim() : undefined,
        dependencies: new Map(all.units.map((u) => [u.path, u.dependencies])),
        runner: lazyRunner,
        baseRunner,
        savedPlans: (request) =>
          downloadSavedPlans(octokit, repo, request, join(config.planDir, 'saved'), logger),
        logger,
        secrets: deps.secrets(),
        command: config.command,
      });
    } finally {
      await base?.worktree.remove();
    }
    const title = {
      ignored: 'Terragrunt apply: nothing to do',
      refused: 'Terragrunt apply refused',
      applied: 'Terragrunt apply succeeded',
      failed: 'Terragrunt apply failed',
    }[outcome.status];
    return { ...outcome, summary: summaryOf(title, outcome.units, outcome.reason) };
  }

  if (context.eventName === 'push') {
    if (!config.applyOnMerge) {
      logger.warning(
        "This is a push and 'apply-on-merge' is off, so nothing is applied: set `apply-on-merge: true` to apply the units a push to the default branch changes.",
      );
      return { status: 'ignored', reason: "push event and 'apply-on-merge' is off", units: [], summary: '' };
    }
    const defaultBranch = context.event.repository?.default_branch;
    if (defaultBranch && context.event.ref !== `refs/heads/${defaultBranch}`) {
      return {
        status: 'ignored',
        reason: `push to ${context.event.ref}, not ${defaultBranch}`,
        units: [],
        summary: '',
      };
    }
    const { before, after } = context.event;
    if (!before || !after || /^0+$/.test(before)) {
      throw new ConfigurationError(
        'The push event has no previous commit to compare with; apply-on-merge needs one.',
      );
    }
    const env = await deps.childEnv();
    const files = await changedFilesFromGit(deps.exec, context.workspace, before, after, env, false);
    const detected = await detectUnits({
      repoRoot: context.workspace,
      rootDir,
      changedFiles: files,
      includeDependents: config.includeDependents,
      exclude: config.exclude,
    });
    logger.info(
      `Applying ${detected.units.length} units: ${detected.units.map((u) => u.path).join(', ') || 'none'}`,
    );
    const runner = await makeRunner();
    const results: UnitApply[] = [];
    let stop = false;
    for (const wave of waves(detected.units)) {
      const outcomes = await Promise.all(
        wave.map(async (unit): Promise<UnitApply> => {
          if (stop) return { unit, status: 'skipped', output: '' };
          const plan = await runner.planUnit(unit);
          if (plan.status === 'failed') return { unit, status: 'failed', output: plan.error ?? '' };
          if (plan.status === 'no-changes') return { unit, status: 'no-changes', output: '' };
          const run = await runner.applyUnit(unit);
          return run.exitCode === 0
            ? { unit, status: 'applied', output: '' }
            : { unit, status: 'failed', output: redact(errorText(run), deps.secrets()) };
        }),
      );
      results.push(...outcomes);
      if (outcomes.some((o) => o.status === 'failed')) stop = true;
    }
    for (const r of results.filter((r) => r.status === 'failed')) logger.error(`${r.unit}: ${r.output}`);
    const ok = results.every((r) => r.status !== 'failed' && r.status !== 'skipped');
    return {
      status: ok ? 'applied' : 'failed',
      units: results,
      summary: summaryOf(
        ok ? 'Terragrunt apply on merge succeeded' : 'Terragrunt apply on merge failed',
        results,
      ),
    };
  }
  return { status: 'ignored', reason: `event ${context.eventName} is not handled`, units: [], summary: '' };
}
