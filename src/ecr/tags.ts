import { ConfigurationError } from '../lib/errors.js';
import { isValidTag, TAG_RULE } from '../lib/image-reference.js';

/** ECR repository names: lowercase path components separated by '/'. */
export const REPOSITORY_NAME =
  /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export function validateTag(tag: string, input: string): string {
  if (!isValidTag(tag)) {
    throw new ConfigurationError(
      `Input '${input}' has the tag '${tag}', which is not a valid image tag: use ${TAG_RULE}.`,
    );
  }
  return tag;
}

export function validateRepositoryName(name: string): string {
  if (/\.amazonaws\.com(\.cn)?\//.test(name)) {
    throw new ConfigurationError(
      `Input 'repository' is '${name}': give the repository name only (e.g. '${name.replace(/^.*?\.com(\.cn)?\//, '')}'); the registry comes from the account, or from input 'registry'.`,
    );
  }
  if (!REPOSITORY_NAME.test(name)) {
    throw new ConfigurationError(
      `Input 'repository' is '${name}', which is not an ECR repository name: use lowercase letters, digits ` +
        `and . _ - separated by '/', e.g. 'team/app' (without the registry host or a tag).`,
    );
  }
  return name;
}

export interface CommitEnv {
  eventName?: string;
  /** Parsed GITHUB_EVENT_PATH payload. */
  event?: unknown;
  sha?: string;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

/**
 * The commit being built: the pull request's head commit on pull request events (GITHUB_SHA is the
 * merge commit there), else GITHUB_SHA.
 */
export function resolveCommit(env: CommitEnv): string | undefined {
  if (env.eventName && PR_EVENTS.has(env.eventName)) {
    const head = (env.event as { pull_request?: { head?: { sha?: unknown } } } | undefined)?.pull_request
      ?.head?.sha;
    if (typeof head === 'string' && head !== '') return head;
  }
  return env.sha || undefined;
}

/** The primary tag (input `tag`, else the commit SHA) followed by the extra tags, validated, deduplicated. */
export function resolveTags(
  tag: string | undefined,
  extraTags: string[],
  commit: string | undefined,
): string[] {
  const primary = tag ?? commit;
  if (primary === undefined) {
    throw new ConfigurationError(
      "Input 'tag' is empty and the commit SHA is unknown (GITHUB_SHA is not set): set 'tag'.",
    );
  }
  validateTag(primary, tag === undefined ? 'tag (defaulted to the commit SHA)' : 'tag');
  const tags = [primary];
  for (const extra of extraTags) {
    validateTag(extra, 'extra-tags');
    if (!tags.includes(extra)) tags.push(extra);
  }
  return tags;
}
