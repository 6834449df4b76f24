// Inputs shared by the actions that open a pull request (update-image-tag, open-pull-request).
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';
import type { Logger } from '../lib/logger.js';
import { runUrl } from '../lib/run-context.js';
import { MERGE_METHODS, type MergeMethod } from './pull-request-api.js';

export interface PullRequestInputs {
  owner: string;
  repo: string;
  base?: string;
  token: string;
  branch?: string;
  title?: string;
  body?: string;
  labels: string[];
  commitMessage?: string;
  autoMerge: boolean;
  mergeMethod: MergeMethod;
  fallbackMerge: boolean;
  waitForMerge: number;
  closeSuperseded: boolean;
  supersededPrefix?: string;
  draft: boolean;
}

/** GitHub refuses pull request titles longer than this. */
export const MAX_TITLE_LENGTH = 256;

/** git check-ref-format rules: no spaces or control characters, '~^:?*[\\', '..', '@{', '//', or a leading or trailing '/', '.' or '.lock'. */
export function isValidBranchName(name: string): boolean {
  if (!name || name === '@') return false;
  if ([...name].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f || '~^:?*[\\'.includes(c)))
    return false;
  return !/(^\/|\/$|\.\.|@\{|\/\/|\/\.|\.lock$|\.lock\/|^\.|\.$|^-)/.test(name);
}

/** Refuses a branch or title GitHub would refuse, before any API call. `source` names where it came from. */
export function checkPullRequestNames(
  branch: string,
  title: string,
  source = { branch: "Input 'branch'", title: "Input 'title'" },
): void {
  if (!isValidBranchName(branch)) {
    throw new ConfigurationError(
      `${source.branch}: ${JSON.stringify(branch)} is not a valid branch name (no spaces, newlines, '..', '~^:?*[\\', or a trailing '.', '/' or '.lock').`,
    );
  }
  if ([...title].length > MAX_TITLE_LENGTH) {
    throw new ConfigurationError(
      `${source.title}: the pull request title is ${[...title].length} characters; GitHub allows ${MAX_TITLE_LENGTH}.`,
    );
  }
}

export function readPullRequestInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  defaults: { autoMerge: boolean },
): PullRequestInputs {
  const repository = inputs.optional('repository') ?? env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new ConfigurationError(`Input 'repository' must be 'owner/name', got '${repository}'.`);
  }
  const token = inputs.required(
    'token',
    'pass a GitHub App installation token or a token with contents and pull-requests write access',
  );
  const branch = inputs.optional('branch');
  const title = inputs.optional('title');
  if (branch !== undefined) checkPullRequestNames(branch, title ?? '');
  else if (title !== undefined) checkPullRequestNames('x', title);
  const draft = inputs.boolean('draft', false);
  return {
    owner,
    repo,
    base: inputs.optional('base'),
    token,
    branch,
    title,
    body: inputs.optional('body'),
    labels: inputs.list('labels'),
    commitMessage: inputs.optional('commit-message'),
    autoMerge: inputs.boolean('auto-merge', defaults.autoMerge) && !draft,
    mergeMethod: inputs.choice('merge-method', MERGE_METHODS, 'merge'),
    fallbackMerge: inputs.boolean('fallback-merge', true),
    waitForMerge: inputs.integer('wait-for-merge', 0, { min: 0, max: 6 * 3600 }),
    closeSuperseded: inputs.boolean('close-superseded', false),
    supersededPrefix: inputs.optional('superseded-prefix'),
    draft,
  };
}

/** The pull request options every PR-opening action passes, from its inputs. */
export function pullRequestOptions(
  pr: PullRequestInputs,
  fields: { branch: string; title: string; commitMessage?: string },
  env: NodeJS.ProcessEnv,
  logger: Logger,
) {
  return {
    base: pr.base,
    branch: fields.branch,
    title: fields.title,
    body: pr.body,
    commitMessage: fields.commitMessage ?? pr.commitMessage,
    labels: pr.labels,
    draft: pr.draft,
    autoMerge: pr.autoMerge,
    mergeMethod: pr.mergeMethod,
    fallbackMerge: pr.fallbackMerge,
    waitForMerge: pr.waitForMerge,
    ...(pr.closeSuperseded ? { closeSupersededPrefix: pr.supersededPrefix ?? fields.branch } : {}),
    runUrl: runUrl(env),
    logger,
  };
}

/** Outputs every PR-opening action sets. */
export function pullRequestOutputs(result?: {
  operation?: string;
  pullRequestNumber?: number;
  pullRequestUrl?: string;
  commitSha?: string;
  merged: string;
  mergeCommitSha?: string;
}): Record<string, string> {
  return {
    'pull-request-number': result?.pullRequestNumber !== undefined ? String(result.pullRequestNumber) : '',
    'pull-request-url': result?.pullRequestUrl ?? '',
    operation: result?.operation ?? 'unchanged',
    'commit-sha': result?.commitSha ?? '',
    merged: result?.merged ?? 'false',
    'merge-commit-sha': result?.mergeCommitSha ?? '',
  };
}
