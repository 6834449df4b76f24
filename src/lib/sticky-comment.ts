// One comment of ours per pull request (or issue), found by its hidden marker and updated in place.
import type { GitHubClient } from './github-client.js';
import { isAuthoredBy } from './identity.js';

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface StickyComment {
  id: number;
  node_id: string;
  body?: string;
  html_url: string;
  user?: { login: string } | null;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  created: boolean;
  /** Earlier comments of ours (duplicates), oldest first, for the caller to minimise. */
  older: StickyComment[];
  /** The login GitHub recorded as the author of a created comment (differs from `author` when misconfigured). */
  postedAs?: string;
}

/**
 * Updates the latest comment `isOurs` recognises among those `options.author` wrote, or creates one: a
 * comment by anyone else is never updated, whatever marker it carries. Reads every page of comments (not only
 * the first 30) so that a busy pull request does not get a second comment; with `skipUnchanged`, an
 * identical body costs no write.
 */
export async function upsertStickyComment(
  github: GitHubClient,
  target: StickyCommentTarget,
  isOurs: (body: string) => boolean,
  body: string,
  options: { author: string; skipUnchanged?: boolean },
): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber } = target;
  const comments = (await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) as StickyComment[];
  const ours = comments.filter(
    (comment) => isAuthoredBy(comment, options.author) && isOurs(comment.body ?? ''),
  );
  const latest = ours.at(-1);
  const older = ours.slice(0, -1);
  if (!latest) {
    const { data } = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    return { id: data.id, url: data.html_url, created: true, older, postedAs: data.user?.login };
  }
  if (options.skipUnchanged && latest.body === body) {
    return { id: latest.id, url: latest.html_url, created: false, older };
  }
  const { data } = await github.rest.issues.updateComment({ owner, repo, comment_id: latest.id, body });
  return { id: latest.id, url: data.html_url, created: false, older };
}
