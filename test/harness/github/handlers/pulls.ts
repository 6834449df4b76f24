import {
  GitHubError,
  paginate,
  repoFor,
  repoUrls,
  userJson,
  type RestContext,
  type RestHandler,
} from '../context.js';
import { nodeId, type PullRequest, type Repository } from '../state.js';
import { fileJson, repositoryJson } from './repos.js';

export function labelJson(context: RestContext, repo: Repository, name: string): Record<string, unknown> {
  const label = repo.labels.get(name.toLowerCase());
  const { api } = repoUrls(context, repo);
  return {
    id: label?.id ?? 0,
    node_id: nodeId('LA', repo.id, name),
    url: `${api}/labels/${encodeURIComponent(name)}`,
    name: label?.name ?? name,
    description: label?.description ?? null,
    color: label?.color ?? 'ededed',
    default: false,
  };
}

function branchJson(
  context: RestContext,
  repo: Repository,
  branch: string,
  sha: string,
): Record<string, unknown> {
  return {
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha,
    user: userJson(context, repo.owner),
    repo: repositoryJson(context, repo),
  };
}

export function pullJson(
  context: RestContext,
  repo: Repository,
  pull: PullRequest,
  full: boolean,
): Record<string, unknown> {
  const { api, web } = repoUrls(context, repo);
  const url = `${api}/pulls/${pull.number}`;
  const issueUrl = `${api}/issues/${pull.number}`;
  const html = `${web}/pull/${pull.number}`;
  const json: Record<string, unknown> = {
    url,
    id: pull.id,
    node_id: nodeId('PR', repo.id, pull.number),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(context, pull.user),
    body: pull.body,
    labels: pull.labels.map((name) => labelJson(context, repo, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(context, repo, pull.head, pull.headSha),
    base: branchJson(context, repo, pull.base, pull.baseSha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/statuses/${pull.headSha}` },
    },
    author_association: pull.user.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : 'CONTRIBUTOR',
    auto_merge: pull.autoMerge
      ? {
          enabled_by: userJson(context, pull.autoMerge.enabledBy),
          merge_method: pull.autoMerge.mergeMethod,
          commit_title: pull.autoMerge.commitHeadline ?? '',
          commit_message: '',
        }
      : null,
    draft: pull.draft,
  };
  if (full) {
    const files = context.state.pullRequestFiles(repo.fullName, pull.number);
    const mergeable = pull.state === 'open' ? context.state.mergeable(repo.fullName, pull.number) : null;
    const status = context.state.mergeStateStatus(repo.fullName, pull.number).toLowerCase();
    const commits = repo.store
      .ancestors(pull.headSha)
      .filter((sha) => !repo.store.isAncestor(sha, pull.baseSha));
    Object.assign(json, {
      merged: pull.merged,
      mergeable,
      rebaseable: mergeable,
      mergeable_state: pull.state === 'open' ? status : 'unknown',
      merged_by: pull.mergedBy ? userJson(context, pull.mergedBy) : null,
      comments: context.state.comments(repo.fullName, pull.number).length,
      review_comments: 0,
      maintainer_can_modify: pull.maintainerCanModify,
      commits: commits.length,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      changed_files: files.length,
    });
  }
  return json;
}

function pullFor(context: RestContext, repo: Repository): PullRequest {
  const pull = repo.pulls.get(Number(context.params.pull_number));
  if (!pull) throw new GitHubError(404, 'Not Found');
  return pull;
}

function validationFailed(errors: Record<string, unknown>[]): GitHubError {
  return new GitHubError(422, 'Validation Failed', { errors });
}

/** `owner:branch` or `branch` → branch name (only same-repository heads are emulated). */
function headBranch(repo: Repository, head: string): string | undefined {
  const colon = head.indexOf(':');
  if (colon === -1) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.toLowerCase() ? head.slice(colon + 1) : undefined;
}

const listPulls: RestHandler = (context) => {
  const repo = repoFor(context);
  const {
    state = 'open',
    head,
    base,
    sort = 'created',
    direction,
  } = context.query as Record<string, string | undefined>;
  if (head !== undefined && !head.includes(':')) {
    // GitHub silently ignores such a filter and lists every pull request: almost always a bug in the caller.
    context.violation(
      `pulls/list: head must be "owner:branch" (GitHub ignores "${head}" and lists all pull requests)`,
    );
  }
  let pulls = [...repo.pulls.values()].filter(
    (pull) =>
      (state === 'all' || pull.state === state) &&
      (base === undefined || pull.base === base) &&
      (head === undefined || !head.includes(':') || headBranch(repo, head) === pull.head),
  );
  const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
  pulls = pulls.sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1));
  // GitHub: desc by default when sorting by creation, asc otherwise.
  if ((direction ?? (sort === 'created' ? 'desc' : 'asc')) === 'desc') pulls.reverse();
  const page = paginate(context, pulls, `/repos/${repo.fullName}/pulls`);
  return {
    status: 200,
    body: page.items.map((pull) => pullJson(context, repo, pull, false)),
    headers: page.headers,
  };
};

/** GitHub refuses titles over 256 characters. */
export const MAX_TITLE_LENGTH = 256;

export function checkTitle(title: string): void {
  if ([...title].length > MAX_TITLE_LENGTH) {
    throw validationFailed([
      {
        resource: 'Issue',
        code: 'custom',
        field: 'title',
        message: `title is too long (maximum is ${MAX_TITLE_LENGTH} characters)`,
      },
    ]);
  }
}

const createPull: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const body = context.body as {
    title?: string;
    head: string;
    base: string;
    body?: string;
    draft?: boolean;
    maintainer_can_modify?: boolean;
  };
  const branch = headBranch(repo, body.head);
  const headSha = branch === undefined ? undefined : context.state.getBranchSha(repo.fullName, branch);
  if (!headSha) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  const baseSha = context.state.getBranchSha(repo.fullName, body.base);
  if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  const existing = [...repo.pulls.values()].find(
    (pull) => pull.state === 'open' && pull.head === branch && pull.base === body.base,
  );
  if (existing) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${repo.owner}:${branch}.`,
      },
    ]);
  }
  if (repo.store.isAncestor(headSha, baseSha)) {
    throw validationFailed([
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${body.base} and ${branch}` },
    ]);
  }
  if (!body.title)
    throw validationFailed([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
  checkTitle(body.title);
  const pull = context.state.createPullRequest(repo.fullName, {
    head: branch!,
    base: body.base,
    title: body.title,
    body: body.body,
    draft: body.draft,
    user: context.login,
  });
  pull.maintainerCanModify = body.maintainer_can_modify ?? false;
  const { api } = repoUrls(context, repo);
  return {
    status: 201,
    body: pullJson(context, repo, pull, true),
    headers: { location: `${api}/pulls/${pull.number}` },
  };
};

const getPull: RestHandler = (context) => {
  const repo = repoFor(context);
  return { status: 200, body: pullJson(context, repo, pullFor(context, repo), true) };
};

const updatePull: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const pull = pullFor(context, repo);
  const body = context.body as {
    title?: string;
    body?: string;
    state?: 'open' | 'closed';
    base?: string;
    maintainer_can_modify?: boolean;
  };
  if (body.title !== undefined) checkTitle(body.title);
  if (body.base !== undefined) {
    const baseSha = context.state.getBranchSha(repo.fullName, body.base);
    if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    pull.base = body.base;
    pull.baseSha = baseSha;
  }
  if (body.title !== undefined) pull.title = body.title;
  if (body.body !== undefined) pull.body = body.body;
  if (body.maintainer_can_modify !== undefined) pull.maintainerCanModify = body.maintainer_can_modify;
  if (body.state !== undefined && !pull.merged && body.state !== pull.state) {
    if (body.state === 'open') {
      const headSha = context.state.getBranchSha(repo.fullName, pull.head);
      if (!headSha)
        throw validationFailed([
          { resource: 'PullRequest', code: 'custom', message: 'Head branch does not exist' },
        ]);
      pull.headSha = headSha;
    }
    pull.state = body.state;
    pull.closedAt = body.state === 'closed' ? context.state.timestamp() : null;
    if (body.state === 'closed') pull.autoMerge = null;
  }
  pull.updatedAt = context.state.timestamp();
  return { status: 200, body: pullJson(context, repo, pull, true) };
};

const mergePull: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const pull = pullFor(context, repo);
  const body = context.body as {
    commit_title?: string;
    commit_message?: string;
    sha?: string;
    merge_method?: 'merge' | 'squash' | 'rebase';
  };
  const sha = context.state.mergePullRequest(repo.fullName, pull.number, {
    method: body.merge_method,
    login: context.login,
    commitTitle: body.commit_title,
    commitMessage: body.commit_message,
    sha: body.sha,
  });
  return { status: 200, body: { sha, merged: true, message: 'Pull Request successfully merged' } };
};

const listFiles: RestHandler = (context) => {
  const repo = repoFor(context);
  const pull = pullFor(context, repo);
  // GitHub lists at most 3000 files of a pull request.
  const files = context.state.pullRequestFiles(repo.fullName, pull.number).slice(0, 3000);
  const page = paginate(context, files, `/repos/${repo.fullName}/pulls/${pull.number}/files`);
  return {
    status: 200,
    body: page.items.map((file) => fileJson(context, repo, file, pull.headSha)),
    headers: page.headers,
  };
};

const listReviews: RestHandler = (context) => {
  const repo = repoFor(context);
  const pull = pullFor(context, repo);
  const { api, web } = repoUrls(context, repo);
  const page = paginate(context, pull.reviews, `/repos/${repo.fullName}/pulls/${pull.number}/reviews`);
  const body = page.items.map((review) => ({
    id: review.id,
    node_id: nodeId('PRR', repo.id, review.id),
    user: userJson(context, review.user),
    body: review.body,
    state: review.state,
    html_url: `${web}/pull/${pull.number}#pullrequestreview-${review.id}`,
    pull_request_url: `${api}/pulls/${pull.number}`,
    _links: {
      html: { href: `${web}/pull/${pull.number}#pullrequestreview-${review.id}` },
      pull_request: { href: `${api}/pulls/${pull.number}` },
    },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    author_association: review.user.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : 'COLLABORATOR',
  }));
  return { status: 200, body, headers: page.headers };
};

export const pullsHandlers: Record<string, RestHandler> = {
  'pulls/list': listPulls,
  'pulls/create': createPull,
  'pulls/get': getPull,
  'pulls/update': updatePull,
  'pulls/merge': mergePull,
  'pulls/list-files': listFiles,
  'pulls/list-reviews': listReviews,
};
