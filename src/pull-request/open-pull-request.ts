import { ActionFailed, ConfigurationError, describeError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { realSleep, type Sleep } from '../lib/retry.js';
import {
  type AutoMergeOutcome,
  StaleHeadError,
  type MergeMethod,
  type PullRequestApi,
  type PullRequestInfo,
  type RepositoryState,
} from './pull-request-api.js';
import { mergeRows, renderBody, type ChangeRow } from './body.js';
import { checkPullRequestNames } from './inputs.js';

export interface ChangeSet {
  /** Paths whose current contents the change needs (read in the same request as the branch state). */
  paths: string[];
  /**
   * Returns the wanted contents of each file (null deletes it) and rows for the body table, given the
   * current contents on the work branch (when it has an open pull request) or the base.
   */
  apply(current: Map<string, string | null>): ChangeResult | Promise<ChangeResult>;
}

export interface ChangeResult {
  files: Map<string, string | null>;
  rows: ChangeRow[];
  /** Markdown shown below the table (e.g. what the change renders to); replaced on every update. */
  details?: string;
}

export interface PullRequestOptions {
  base?: string;
  branch: string;
  title: string;
  /** Text above the generated table. */
  body?: string;
  commitMessage?: string;
  labels?: string[];
  draft?: boolean;
  autoMerge?: boolean;
  mergeMethod?: MergeMethod;
  /** Merge directly when auto-merge is not allowed or the PR is already mergeable (clean status). */
  fallbackMerge?: boolean;
  /** Seconds to wait for the merge; 0 does not wait. */
  waitForMerge?: number;
  /** Close other open PRs whose branch is this prefix or lies under it, by whole path segments. */
  closeSupersededPrefix?: string;
  /** Link to the workflow run, shown in the body. */
  runUrl?: string;
  /** Attempts when a racing run moved the branch. */
  maxAttempts?: number;
  logger?: Logger;
  sleep?: Sleep;
  now?: () => number;
  pollIntervalMs?: number;
}

export type Operation = 'created' | 'updated' | 'unchanged';

export interface PullRequestResult {
  operation: Operation;
  pullRequestNumber?: number;
  pullRequestUrl?: string;
  commitSha?: string;
  /** 'true' merged, 'auto' auto-merge enabled, 'false' neither. */
  merged: 'true' | 'auto' | 'false';
  mergeCommitSha?: string;
  changedFiles: string[];
  closedPullRequests: number[];
  attempts: number;
}

/** A failure after something was written: what is known so far (for the outputs) and what was left. */
export class PullRequestFailed extends ActionFailed {
  constructor(
    message: string,
    readonly partial: Partial<PullRequestResult>,
  ) {
    super(message);
  }
}

/** Runs one GitHub step and names it when it fails. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (
      error instanceof StaleHeadError ||
      error instanceof ConfigurationError ||
      error instanceof ActionFailed
    )
      throw error;
    throw new ActionFailed(`${name} failed: ${describeError(error).message}`);
  }
}

/**
 * Commits a change to the work branch through the API and opens or updates its one pull request.
 * Re-reads and retries when another run moved the branch, so neither run's change is lost. Nothing is left
 * half-done: a branch this run created is deleted when its pull request cannot be opened.
 */
export async function openPullRequest(
  api: PullRequestApi,
  change: ChangeSet,
  options: PullRequestOptions,
): Promise<PullRequestResult> {
  checkPullRequestNames(options.branch, options.title);
  const logger = options.logger;
  const maxAttempts = options.maxAttempts ?? 5;
  const progress: Progress = {};
  try {
    for (let attempt = 1; ; attempt++) {
      const state = await step('Reading the repository', () =>
        api.readState({ base: options.base, branch: options.branch, paths: change.paths }),
      );
      try {
        const result = await attemptOnce(api, state, change, options, progress);
        if (result === 'retry')
          throw new StaleHeadError('The work branch changed while it was being updated.');
        return { ...result, attempts: attempt };
      } catch (error) {
        if (!(error instanceof StaleHeadError)) throw error;
        if (attempt >= maxAttempts) {
          throw new ActionFailed(
            `Committing to '${options.branch}' failed: the branch moved under this run ${maxAttempts} times (other runs committed meanwhile). The branch keeps what the other runs committed; re-run this job to add this change and open the pull request.`,
          );
        }
        logger?.info(`${error.message} Reading it again (attempt ${attempt + 1} of ${maxAttempts}).`);
      }
    }
  } catch (error) {
    throw await cleanUp(api, options, progress, error);
  }
}

interface Progress {
  /** The branch was created by this run. */
  createdBranch?: boolean;
  /** The pull request exists (created or found). */
  pullRequest?: PullRequestInfo;
  commitSha?: string;
}

/** Deletes a branch this run created when no pull request came of it, and says what was left. */
async function cleanUp(
  api: PullRequestApi,
  options: PullRequestOptions,
  progress: Progress,
  error: unknown,
): Promise<unknown> {
  if (error instanceof ConfigurationError && !progress.createdBranch) return error;
  const message = error instanceof Error ? error.message : String(error);
  const pr = progress.pullRequest;
  if (pr) {
    return new PullRequestFailed(
      `${message} Pull request #${pr.number} exists (${pr.url}); re-run this job to finish it.`,
      {
        pullRequestNumber: pr.number,
        pullRequestUrl: pr.url,
        commitSha: progress.commitSha,
        operation: 'updated',
      },
    );
  }
  if (!progress.createdBranch) return error;
  try {
    await api.deleteBranch(options.branch);
    return new ActionFailed(
      `${message} The branch '${options.branch}' this run created was deleted; nothing is left behind.`,
    );
  } catch (deleteError) {
    return new ActionFailed(
      `${message} Deleting the branch '${options.branch}' this run created failed too (${describeError(deleteError).message}); re-run this job to open its pull request, or delete the branch.`,
    );
  }
}

async function attemptOnce(
  api: PullRequestApi,
  state: RepositoryState,
  change: ChangeSet,
  options: PullRequestOptions,
  progress: Progress,
): Promise<Omit<PullRequestResult, 'attempts'> | 'retry'> {
  const branch = options.branch;
  if (branch === state.base.name) {
    throw new ConfigurationError(
      `Input 'branch': '${branch}' is the base branch; choose another branch for the pull request.`,
    );
  }
  const open = state.pullRequests.find((pr) => pr.state === 'OPEN' && pr.baseRefName === state.base.name);
  const elsewhere = state.pullRequests.find(
    (pr) => pr.state === 'OPEN' && pr.baseRefName !== state.base.name,
  );
  if (!open && elsewhere) {
    throw new ConfigurationError(
      `Branch '${branch}' already has pull request #${elsewhere.number} into '${elsewhere.baseRefName}', not '${state.base.name}'. Choose another 'branch', or set 'base' to '${elsewhere.baseRefName}'.`,
    );
  }
  // A branch left over from a merged or closed PR starts again from the base; a branch with an open PR, or
  // with commits no PR has seen yet (another run between its commit and its PR), keeps what it has.
  const leftover =
    state.head !== undefined &&
    !open &&
    (state.head.oid === state.base.oid ||
      state.pullRequests.some((pr) => pr.state !== 'OPEN' && pr.headRefOid === state.head?.oid));
  const source = state.head && !leftover ? state.head : state.base;
  const { files, rows, details } = await change.apply(source.files);
  const additions: { path: string; contents: string }[] = [];
  const deletions: string[] = [];
  for (const [path, contents] of files) {
    const current = source.files.has(path) ? source.files.get(path) : undefined;
    if (contents === current) continue;
    if (contents === null) {
      if (current !== null && current !== undefined) deletions.push(path);
    } else additions.push({ path, contents });
  }
  const changedFiles = [...additions.map((a) => a.path), ...deletions];
  if (changedFiles.length === 0 && (open || source === state.base)) {
    options.logger?.info(
      open
        ? `Pull request #${open.number} already has these changes.`
        : 'The base already has these changes; nothing to do.',
    );
    return {
      operation: 'unchanged',
      pullRequestNumber: open?.number,
      pullRequestUrl: open?.url,
      merged: open?.autoMergeEnabled ? 'auto' : 'false',
      changedFiles,
      closedPullRequests: [],
    };
  }

  let commitSha = source.oid;
  if (changedFiles.length > 0) {
    let expected = source.oid;
    if (!state.head) {
      const created = await step(`Creating the branch '${branch}'`, () =>
        api.createBranch(branch, state.base.oid),
      );
      if (created === 'exists') return 'retry';
      progress.createdBranch = true;
      expected = state.base.oid;
    } else if (leftover && state.head.oid !== state.base.oid) {
      await step(`Resetting the branch '${branch}'`, () => api.resetBranch(branch, state.base.oid));
      expected = state.base.oid;
    }
    const commit = await step(`Committing to '${branch}'`, () =>
      api.commit({
        branch,
        expectedHeadOid: expected,
        headline: options.commitMessage ?? options.title,
        ...(options.runUrl ? { body: `Run: ${options.runUrl}` } : {}),
        additions,
        deletions,
      }),
    );
    commitSha = commit.oid;
    progress.commitSha = commitSha;
  }

  const bodyFor = (existing?: PullRequestInfo) =>
    renderBody({
      text: options.body,
      rows: mergeRows(existing?.body, rows),
      details,
      runUrl: options.runUrl,
    });
  const update = async (existing: PullRequestInfo) => {
    const body = bodyFor(existing);
    if (existing.title !== options.title || existing.body !== body) {
      await step(`Updating pull request #${existing.number}`, () =>
        api.updatePullRequest(existing.number, { title: options.title, body }),
      );
    }
  };
  let pr: PullRequestInfo;
  let operation: Operation;
  if (open) {
    pr = open;
    operation = 'updated';
    progress.pullRequest = open;
    await update(open);
  } else {
    const created = await step('Creating the pull request', () =>
      api.createPullRequest({
        repositoryId: state.repositoryId,
        base: state.base.name,
        head: branch,
        title: options.title,
        body: bodyFor(),
        draft: options.draft,
      }),
    );
    if (created === 'exists') {
      // Another run opened it between our read and now; our commit is on the branch: add our rows to its PR.
      const again = await api.readState({ base: state.base.name, branch, paths: [] });
      const found = again.pullRequests.find(
        (candidate) => candidate.state === 'OPEN' && candidate.baseRefName === state.base.name,
      );
      if (!found) return 'retry';
      pr = found;
      operation = 'updated';
      progress.pullRequest = found;
      await update(found);
    } else {
      pr = created;
      operation = 'created';
      progress.pullRequest = created;
    }
  }
  options.logger?.info(`Pull request #${pr.number} ${operation}: ${pr.url}`);

  const missingLabels = (options.labels ?? []).filter((label) => !pr.labels.includes(label));
  if (missingLabels.length > 0)
    await step(`Adding labels to #${pr.number}`, () => api.addLabels(pr.number, missingLabels));

  let merged: PullRequestResult['merged'] = pr.autoMergeEnabled ? 'auto' : 'false';
  let mergeCommitSha: string | undefined;
  if (options.autoMerge && !options.draft) {
    const method = options.mergeMethod ?? 'merge';
    const outcome: AutoMergeOutcome = pr.autoMergeEnabled
      ? { result: 'enabled' }
      : state.autoMergeAllowed
        ? await step(`Enabling auto-merge on #${pr.number}`, () => api.enableAutoMerge(pr.id, method))
        : { result: 'not-allowed' };
    if (outcome.result === 'enabled') merged = 'auto';
    else if (outcome.result === 'merged') {
      merged = 'true';
      mergeCommitSha = outcome.mergeCommitSha;
      options.logger?.info(`#${pr.number} merged at once: nothing was left to wait for.`);
    } else {
      const why =
        outcome.result === 'not-allowed'
          ? 'the repository does not allow auto-merge'
          : 'the pull request is already mergeable';
      if (options.fallbackMerge ?? true) {
        const result = await step(`Merging #${pr.number}`, () => api.merge(pr.number, method, commitSha));
        if (result.merged) {
          merged = 'true';
          mergeCommitSha = result.sha;
          options.logger?.info(`Merged #${pr.number} directly (${why}).`);
        } else {
          options.logger?.warning(
            `Could not merge #${pr.number} directly (${why}): ${result.message ?? 'not mergeable'}.`,
          );
        }
      } else {
        options.logger?.warning(
          `Auto-merge not enabled on #${pr.number}: ${why}, and fallback-merge is off.`,
        );
      }
    }
  }

  const closed = options.closeSupersededPrefix
    ? await closeSuperseded(api, pr, options.closeSupersededPrefix, options)
    : [];

  if (merged === 'auto' && (options.waitForMerge ?? 0) > 0) {
    mergeCommitSha = await waitForMerge(api, pr.number, options);
    merged = 'true';
  }
  return {
    operation,
    pullRequestNumber: pr.number,
    pullRequestUrl: pr.url,
    commitSha,
    merged,
    ...(mergeCommitSha ? { mergeCommitSha } : {}),
    changedFiles,
    closedPullRequests: closed,
  };
}

async function closeSuperseded(
  api: PullRequestApi,
  current: PullRequestInfo,
  prefix: string,
  options: PullRequestOptions,
): Promise<number[]> {
  const closed: number[] = [];
  for (const pr of await api.listOpenPullRequests()) {
    if (pr.number === current.number || !isUnder(pr.headRefName, prefix) || pr.number > current.number)
      continue;
    await api.comment(pr.number, `Superseded by #${current.number}.`);
    await api.closePullRequest(pr.number);
    closed.push(pr.number);
    options.logger?.info(`Closed #${pr.number}, superseded by #${current.number}.`);
  }
  return closed;
}

/** Whether `branch` is `prefix` or lies under it by whole path segments (`a/b` covers `a/b/1`, not `a/b-c`). */
export function isUnder(branch: string, prefix: string): boolean {
  // A prefix ending in '-', '_' or '.' names per-run branches (`deploy/api-` covers `deploy/api-123`).
  if (/[-_.]$/.test(prefix)) return branch.startsWith(prefix) && !branch.slice(prefix.length).includes('/');
  const base = prefix.replace(/\/+$/, '');
  return branch === base || branch.startsWith(`${base}/`);
}

async function waitForMerge(
  api: PullRequestApi,
  number: number,
  options: PullRequestOptions,
): Promise<string | undefined> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.waitForMerge ?? 0) * 1000;
  const interval = options.pollIntervalMs ?? 10_000;
  for (;;) {
    const pr = await api.getPullRequest(number);
    if (pr.merged) {
      options.logger?.info(`#${number} merged as ${pr.mergeCommitSha ?? '(unknown commit)'}.`);
      return pr.mergeCommitSha;
    }
    if (pr.state === 'closed') throw new Error(`Pull request #${number} was closed without being merged.`);
    if (now() + interval > deadline) {
      throw new Error(
        `Pull request #${number} was not merged within ${options.waitForMerge} s (auto-merge is enabled; it merges when its checks pass).`,
      );
    }
    await sleep(interval);
  }
}
