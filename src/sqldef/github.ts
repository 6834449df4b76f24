// The GitHub side: the sticky pull request comment and schema files at the pull request's base.
import type { GitHubClient, Repo } from '../lib/github-client.js';
import { upsertStickyComment } from '../lib/sticky-comment.js';

/** Creates or updates the one comment carrying `marker` that `author` (our identity) wrote. */
export async function upsertMarkedComment(
  github: GitHubClient,
  target: Repo & { issueNumber: number },
  marker: string,
  body: string,
  author: string,
): Promise<{ id: number; created: boolean; url: string; postedAs?: string }> {
  const { id, created, url, postedAs } = await upsertStickyComment(
    github,
    target,
    (text) => text.includes(marker),
    body,
    { author, skipUnchanged: true },
  );
  return { id, created, url, ...(postedAs ? { postedAs } : {}) };
}

/** A file's text at a ref, or '' when it does not exist there (a schema file the pull request adds). */
export async function readFileAtRef(
  github: GitHubClient,
  repo: Repo,
  path: string,
  ref: string,
): Promise<string> {
  try {
    const { data } = await github.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file') {
      throw new Error(`${path} at ${ref} is not a file.`);
    }
    if ('content' in data && data.encoding === 'base64' && data.content) {
      return Buffer.from(data.content, 'base64').toString('utf8');
    }
    // Files over 1 MB come without content: read the blob instead.
    const { data: blob } = await github.rest.git.getBlob({
      owner: repo.owner,
      repo: repo.repo,
      file_sha: data.sha,
    });
    return Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return '';
    throw error;
  }
}
