import {
  GitHubError,
  paginate,
  repoFor,
  repoUrls,
  userJson,
  type RestContext,
  type RestHandler,
} from '../context.js';
import { nodeId, type IssueComment, type Repository } from '../state.js';
import { labelJson } from './pulls.js';

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

function checkBody(body: string, documentation: string): void {
  if ([...body].length > MAX_COMMENT_LENGTH) {
    throw new GitHubError(422, 'Validation Failed', {
      errors: [
        {
          resource: 'IssueComment',
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
  if (
    comment.user.toLowerCase() !== context.login.toLowerCase() &&
    context.state.permission(repo, context.login) === 'none'
  ) {
    throw new GitHubError(403, 'Resource not accessible by integration');
  }
  const body = context.body.body as string;
  checkBody(body, 'https://docs.github.com/rest/issues/comments#update-an-issue-comment');
  comment.body = body;
  comment.updatedAt = context.state.timestamp();
  return { status: 200, body: commentJson(context, repo, comment) };
};

const deleteComment: RestHandler = (context) => {
  const repo = repoFor(context, 'read');
  const comment = commentFor(context, repo);
  repo.comments.delete(comment.id);
  return { status: 204 };
};

const addLabels: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const number = Number(context.params.issue_number);
  checkIssue(repo, number);
  const raw = context.body as unknown;
  const list: unknown[] = Array.isArray(raw) ? raw : ((raw as { labels?: unknown[] }).labels ?? []);
  const names = list.map((item) => (typeof item === 'string' ? item : (item as { name: string }).name));
  const target = repo.pulls.get(number) ?? repo.issues.get(number)!;
  for (const name of names) {
    if (!repo.labels.has(name.toLowerCase())) {
      repo.labels.set(name.toLowerCase(), {
        id: context.state.id(),
        name,
        color: 'ededed',
        description: null,
      });
    }
    if (!target.labels.some((existing) => existing.toLowerCase() === name.toLowerCase()))
      target.labels.push(name);
  }
  return { status: 200, body: target.labels.map((name) => labelJson(context, repo, name)) };
};

const removeLabel: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
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

export const issuesHandlers: Record<string, RestHandler> = {
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/get-comment': getComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,
  'issues/add-labels': addLabels,
  'issues/remove-label': removeLabel,
  'reactions/create-for-issue-comment': createReaction,
};
