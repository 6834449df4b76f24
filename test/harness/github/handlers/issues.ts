import {
  GitHubError,
  paginate,
  repoFor,
  repoUrls,
  userJson,
  type RestContext,
  type RestHandler,
} from '../context.js';
import { nodeId, permissionAtLeast, type Issue, type IssueComment, type Repository } from '../state.js';
import { checkTitle, labelJson, pullJson } from './pulls.js';

/** GitHub rejects issue and pull request comment bodies longer than this many characters. */
export const MAX_COMMENT_LENGTH = 65_536;

const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'eyes', 'rocket'] as const;

function commentJson(context: RestContext, repo: Repository, comment: IssueComment): Record<string, unknown> {
  const { api, web } = repoUrls(context, repo);
  const url = `${api}/issues/comments/${comment.id}`;
  const counts = Object.fromEntries(
    REACTIONS.map((content) => [
      content,
      comment.reactions.filter((reaction) => reaction.content === content).length,
    ]),
  );
  const kind = repo.pulls.has(comment.issueNumber) ? 'pull' : 'issues';
  return {
    id: comment.id,
    node_id: nodeId('IC', repo.id, comment.id),
    url,
    html_url: `${web}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(context, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: comment.user.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : 'NONE',
    reactions: { url: `${url}/reactions`, total_count: comment.reactions.length, ...counts },
  };
}

function checkIssue(repo: Repository, number: number): void {
  if (!repo.pulls.has(number) && !repo.issues.has(number)) throw new GitHubError(404, 'Not Found');
}

function checkBody(body: string, documentation: string, resource = 'IssueComment'): void {
  if ([...body].length > MAX_COMMENT_LENGTH) {
    throw new GitHubError(422, 'Validation Failed', {
      errors: [
        {
          resource,
          code: 'unprocessable',
          field: 'data',
          message: `Body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`,
        },
      ],
      documentation_url: documentation,
    });
  }
}

function commentFor(context: RestContext, repo: Repository): IssueComment {
  const comment = repo.comments.get(Number(context.params.comment_id));
  if (!comment) throw new GitHubError(404, 'Not Found');
  return comment;
}

/** Only the author or someone with write access may edit or delete a comment. */
function checkAuthorOrWriter(context: RestContext, repo: Repository, comment: IssueComment): void {
  if (comment.user.toLowerCase() === context.login.toLowerCase()) return;
  if (!permissionAtLeast(context.state.permission(repo, context.login), 'write')) {
    throw new GitHubError(403, 'Resource not accessible by integration');
  }
}

const listComments: RestHandler = (context) => {
  const repo = repoFor(context);
  const number = Number(context.params.issue_number);
  checkIssue(repo, number);
  const since = context.query.since as string | undefined;
  const comments = context.state
    .comments(repo.fullName, number)
    .filter((comment) => since === undefined || comment.updatedAt >= since)
    .sort((a, b) => a.id - b.id);
  const page = paginate(context, comments, `/repos/${repo.fullName}/issues/${number}/comments`);
  return {
    status: 200,
    body: page.items.map((comment) => commentJson(context, repo, comment)),
    headers: page.headers,
  };
};

const createComment: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const number = Number(context.params.issue_number);
  checkIssue(repo, number);
  const body = context.body.body as string;
  checkBody(body, 'https://docs.github.com/rest/issues/comments#create-an-issue-comment');
  const comment = context.state.addComment(repo.fullName, number, body, context.login);
  return {
    status: 201,
    body: commentJson(context, repo, comment),
    headers: { location: `${repoUrls(context, repo).api}/issues/comments/${comment.id}` },
  };
};

const getComment: RestHandler = (context) => {
  const repo = repoFor(context);
  return { status: 200, body: commentJson(context, repo, commentFor(context, repo)) };
};

const updateComment: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const comment = commentFor(context, repo);
  checkAuthorOrWriter(context, repo, comment);
  const body = context.body.body as string;
  checkBody(body, 'https://docs.github.com/rest/issues/comments#update-an-issue-comment');
  comment.body = body;
  comment.updatedAt = context.state.timestamp();
  return { status: 200, body: commentJson(context, repo, comment) };
};

const deleteComment: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const comment = commentFor(context, repo);
  checkAuthorOrWriter(context, repo, comment);
  repo.comments.delete(comment.id);
  return { status: 204 };
};

const addLabels: RestHandler = (context) => {
  const repo = repoFor(context, 'triage');
  const number = Number(context.params.issue_number);
  checkIssue(repo, number);
  const raw = context.body as unknown;
  const list: unknown[] = Array.isArray(raw) ? raw : ((raw as { labels?: unknown[] }).labels ?? []);
  const names = list.map((item) => (typeof item === 'string' ? item : (item as { name: string }).name));
  const target = repo.pulls.get(number) ?? repo.issues.get(number)!;
  for (const name of names) {
    context.state.label(repo, name);
    if (!target.labels.some((existing) => existing.toLowerCase() === name.toLowerCase()))
      target.labels.push(name);
  }
  return { status: 200, body: target.labels.map((name) => labelJson(context, repo, name)) };
};

const removeLabel: RestHandler = (context) => {
  const repo = repoFor(context, 'triage');
  const number = Number(context.params.issue_number);
  checkIssue(repo, number);
  const target = repo.pulls.get(number) ?? repo.issues.get(number)!;
  const name = context.params.name!;
  const index = target.labels.findIndex((existing) => existing.toLowerCase() === name.toLowerCase());
  if (index === -1) throw new GitHubError(404, 'Label does not exist');
  target.labels.splice(index, 1);
  return { status: 200, body: target.labels.map((label) => labelJson(context, repo, label)) };
};

const createReaction: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const comment = commentFor(context, repo);
  const content = context.body.content as string;
  let reaction = comment.reactions.find(
    (existing) => existing.content === content && existing.user.toLowerCase() === context.login.toLowerCase(),
  );
  const status = reaction ? 200 : 201;
  if (!reaction) {
    reaction = { id: context.state.id(), user: context.login, content, createdAt: context.state.timestamp() };
    comment.reactions.push(reaction);
  }
  return {
    status,
    body: {
      id: reaction.id,
      node_id: nodeId('REA', repo.id, reaction.id),
      user: userJson(context, reaction.user),
      content: reaction.content,
      created_at: reaction.createdAt,
    },
  };
};

function issueJson(context: RestContext, repo: Repository, issue: Issue): Record<string, unknown> {
  const { api, web } = repoUrls(context, repo);
  const url = `${api}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: nodeId('I', repo.id, issue.number),
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${web}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(context, issue.user),
    labels: issue.labels.map((name) => labelJson(context, repo, name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: context.state.comments(repo.fullName, issue.number).length,
    closed_at: issue.closedAt,
    closed_by: issue.closedBy ? userJson(context, issue.closedBy) : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: issue.user.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : 'NONE',
  };
}

/** A pull request as the issues endpoints list it: an issue with a `pull_request` link. */
function pullAsIssueJson(context: RestContext, repo: Repository, number: number): Record<string, unknown> {
  const pull = repo.pulls.get(number)!;
  const json = pullJson(context, repo, pull, false);
  return {
    ...issueJson(context, repo, { ...pull, stateReason: null, closedBy: null }),
    node_id: json.node_id,
    html_url: json.html_url,
    pull_request: {
      url: json.url,
      html_url: json.html_url,
      diff_url: json.diff_url,
      patch_url: json.patch_url,
      merged_at: json.merged_at,
    },
  };
}

const labelNames = (raw: unknown[]): string[] =>
  raw.map((item) => (typeof item === 'string' ? item : (item as { name: string }).name));

/**
 * GET /repos/{owner}/{repo}/issues: issues and pull requests (as GitHub lists them, with `pull_request`),
 * filtered by state, creator and labels (all of them), sorted by created or updated.
 */
const listIssues: RestHandler = (context) => {
  const repo = repoFor(context);
  const {
    state = 'open',
    creator,
    labels,
    sort = 'created',
    direction = 'desc',
    since,
  } = context.query as Record<string, string | undefined>;
  const wanted = (labels ?? '')
    .split(',')
    .map((label) => label.trim().toLowerCase())
    .filter(Boolean);
  type Row = {
    number: number;
    user: string;
    state: string;
    labels: string[];
    createdAt: string;
    updatedAt: string;
  };
  const rows: Row[] = [...repo.issues.values(), ...repo.pulls.values()];
  const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
  const matching = rows
    .filter(
      (row) =>
        (state === 'all' || row.state === state) &&
        (creator === undefined || row.user.toLowerCase() === creator.toLowerCase()) &&
        wanted.every((label) => row.labels.some((name) => name.toLowerCase() === label)) &&
        (since === undefined || row.updatedAt >= since),
    )
    .sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1));
  if (direction === 'desc') matching.reverse();
  const page = paginate(context, matching, `/repos/${repo.fullName}/issues`);
  return {
    status: 200,
    body: page.items.map((row) =>
      repo.issues.has(row.number)
        ? issueJson(context, repo, repo.issues.get(row.number)!)
        : pullAsIssueJson(context, repo, row.number),
    ),
    headers: page.headers,
  };
};

/** POST /repos/{owner}/{repo}/issues: labels only from writers (dropped otherwise), unknown ones created. */
const createIssue: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const body = context.body as { title: string | number; body?: string; labels?: unknown[] };
  const title = String(body.title);
  checkTitle(title);
  if (body.body !== undefined)
    checkBody(body.body, 'https://docs.github.com/rest/issues/issues#create-an-issue', 'Issue');
  const writer = permissionAtLeast(context.state.permission(repo, context.login), 'write');
  const number = context.state.createIssue(repo.fullName, title, {
    body: body.body,
    user: context.login,
    labels: writer ? labelNames(body.labels ?? []) : [],
  });
  return {
    status: 201,
    body: issueJson(context, repo, repo.issues.get(number)!),
    headers: { location: `${repoUrls(context, repo).api}/issues/${number}` },
  };
};

/**
 * PATCH /repos/{owner}/{repo}/issues/{issue_number}: the author or a writer edits title and body; the author
 * or triage changes state (state_reason, default completed when closing, counts only with a state change)
 * and labels (dropped without triage, as GitHub drops them).
 */
const updateIssue: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const number = Number(context.params.issue_number);
  const issue = repo.issues.get(number);
  if (!issue) {
    // GitHub edits a pull request through this endpoint too; nothing here needs it, so it is not emulated.
    if (repo.pulls.has(number)) context.violation('issues/update on a pull request is not emulated');
    throw new GitHubError(404, 'Not Found');
  }
  const body = context.body as {
    title?: string | number | null;
    body?: string | null;
    state?: 'open' | 'closed';
    state_reason?: Issue['stateReason'];
    labels?: unknown[];
  };
  const permission = context.state.permission(repo, context.login);
  const author = issue.user.toLowerCase() === context.login.toLowerCase();
  const edits = body.title !== undefined || body.body !== undefined;
  if (edits && !author && !permissionAtLeast(permission, 'write'))
    throw new GitHubError(403, 'Resource not accessible by integration');
  if (body.state !== undefined && !author && !permissionAtLeast(permission, 'triage'))
    throw new GitHubError(403, 'Resource not accessible by integration');
  if (body.title !== undefined && body.title !== null) {
    checkTitle(String(body.title));
    issue.title = String(body.title);
  }
  if (body.body !== undefined) {
    if (body.body !== null)
      checkBody(body.body, 'https://docs.github.com/rest/issues/issues#update-an-issue', 'Issue');
    issue.body = body.body;
  }
  const now = context.state.timestamp();
  if (body.state !== undefined && body.state !== issue.state) {
    issue.state = body.state;
    if (body.state === 'closed') {
      issue.stateReason =
        body.state_reason && body.state_reason !== 'reopened' ? body.state_reason : 'completed';
      issue.closedAt = now;
      issue.closedBy = context.login;
    } else {
      issue.stateReason = 'reopened';
      issue.closedAt = null;
      issue.closedBy = null;
    }
  }
  if (body.labels !== undefined && permissionAtLeast(permission, 'triage')) {
    const names = labelNames(body.labels);
    for (const name of names) context.state.label(repo, name);
    issue.labels = names;
  }
  issue.updatedAt = now;
  return { status: 200, body: issueJson(context, repo, issue) };
};

export const issuesHandlers: Record<string, RestHandler> = {
  'issues/list-for-repo': listIssues,
  'issues/create': createIssue,
  'issues/update': updateIssue,
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/get-comment': getComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,
  'issues/add-labels': addLabels,
  'issues/remove-label': removeLabel,
  'reactions/create-for-issue-comment': createReaction,
};
