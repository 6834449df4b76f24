// The sticky plan comment: one per pull request, workflow and Terragrunt root, created once and updated
// in place (list + update/create: two API calls for up to 100 comments); duplicates of ours are
// minimised as outdated.
import type { GitHubClient, Repo } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { getErrorMessage } from '../lib/errors.js';
import { parseMarker } from './plan-render.js';
import { upsertStickyComment } from '../lib/sticky-comment.js';
import { isAuthoredBy } from '../lib/identity.js';

export interface IssueComment {
  id: number;
  node_id: string;
  body?: string;
  html_url: string;
  user?: { login: string; type?: string } | null;
}

/**
 * Our plan comments on an issue/PR for this root (and workflow, when given), oldest first: only those `author`
 * (the identity that posts plans) wrote; a marker in anyone else's comment is ignored.
 */
export async function findPlanComments(
  octokit: GitHubClient,
  repo: Repo,
  issueNumber: number,
  workflow: string | undefined,
  dir: string,
  author: string,
): Promise<IssueComment[]> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  })) as IssueComment[];
  return comments.filter((comment) => {
    if (!isAuthoredBy(comment, author)) return false;
    const marker = parseMarker(comment.body ?? '');
    return (
      marker !== undefined && (workflow === undefined || marker.workflow === workflow) && marker.dir === dir
    );
  });
}

export interface UpsertResult {
  url: string;
  id: number;
  created: boolean;
  /** Older duplicate comments of ours that were minimised. */
  minimised: number;
}

export async function upsertPlanComment(options: {
  octokit: GitHubClient;
  repo: Repo;
  issueNumber: number;
  workflow: string;
  dir: string;
  body: string;
  /** Our identity: only its comments are updated. */
  author: string;
  logger: Logger;
}): Promise<UpsertResult> {
  const { octokit, repo, issueNumber, body, logger } = options;
  const isOurs = (text: string) => {
    const marker = parseMarker(text);
    return marker !== undefined && marker.workflow === options.workflow && marker.dir === options.dir;
  };
  const { url, id, created, older, postedAs } = await upsertStickyComment(
    octokit,
    { ...repo, issueNumber },
    isOurs,
    body,
    { author: options.author },
  );
  if (postedAs && postedAs.toLowerCase() !== options.author.toLowerCase()) {
    logger.warning(
      `The plan comment was posted as ${postedAs}, but this step expected ${options.author}: it will not find that comment again. With a GitHub App token, set 'app-slug'.`,
    );
  }
  let minimised = 0;
  for (const comment of older) {
    try {
      await minimiseComment(octokit, comment.node_id);
      minimised++;
    } catch (error) {
      logger.warning(`Could not minimise older plan comment ${comment.html_url}: ${getErrorMessage(error)}`);
    }
  }
  return { url, id, created, minimised };
}

export async function minimiseComment(octokit: GitHubClient, nodeId: string): Promise<void> {
  await octokit.graphql(
    `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`,
    { id: nodeId },
  );
}

export const PLAN_LABELS = ['terragrunt:changes', 'terragrunt:destroy', 'terragrunt:no-changes'] as const;

/** Sets the one plan label that applies and removes the others we own. */
export async function setPlanLabels(
  octokit: GitHubClient,
  repo: Repo,
  issueNumber: number,
  state: { hasChanges: boolean; hasDestroy: boolean },
  currentLabels: string[],
): Promise<void> {
  const wanted = state.hasDestroy
    ? 'terragrunt:destroy'
    : state.hasChanges
      ? 'terragrunt:changes'
      : 'terragrunt:no-changes';
  for (const label of PLAN_LABELS) {
    if (label !== wanted && currentLabels.includes(label)) {
      await octokit.rest.issues
        .removeLabel({ ...repo, issue_number: issueNumber, name: label })
        .catch(() => undefined);
    }
  }
  if (!currentLabels.includes(wanted)) {
    await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: [wanted] });
  }
}
