// "Our identity": the GitHub login our token writes as. Comments carrying our markers are trusted only when
// this login wrote them; anyone can paste a marker into a comment of their own.
import type { GitHubClient } from './github-client.js';
import type { Logger } from './logger.js';

/** The login GITHUB_TOKEN (`github.token`) writes as. */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export interface IdentityOptions {
  token: string;
  /**
   * Slug of the GitHub App whose installation token `token` is (the `app-slug` output of
   * actions/create-github-app-token): its bot user `<slug>[bot]` writes our comments.
   */
  appSlug?: string;
}

/** Whether a token is an installation token (GITHUB_TOKEN or a GitHub App's), which cannot read `viewer`. */
export function isInstallationToken(token: string): boolean {
  return token.startsWith('ghs_');
}

/**
 * Resolves our login once: `<slug>[bot]` for an App (no call), `github-actions[bot]` for any other installation
 * token (no call: GitHub refuses `viewer` to them), else the token's `viewer` (one GraphQL call).
 */
export async function resolveIdentity(github: GitHubClient, options: IdentityOptions): Promise<string> {
  if (options.appSlug) return `${options.appSlug.replace(/\[bot\]$/, '')}[bot]`;
  if (isInstallationToken(options.token)) return GITHUB_ACTIONS_BOT;
  try {
    const data = await github.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    return data.viewer.login;
  } catch (error) {
    // A token that cannot read `viewer` is an installation token in another format.
    if (/not accessible by integration/i.test(String((error as Error).message))) return GITHUB_ACTIONS_BOT;
    throw error;
  }
}

/** Whether a comment (or review, pull request) was written by `login`. */
export function isAuthoredBy(item: { user?: { login?: string } | null }, login: string): boolean {
  return item.user?.login?.toLowerCase() === login.toLowerCase();
}

/** One GitHub client and one identity per step, both made on first use (the client module loads lazily). */
export function lazyGitHub(options: IdentityOptions & { logger?: Logger; env?: NodeJS.ProcessEnv }): {
  getOctokit: () => Promise<GitHubClient>;
  getIdentity: () => Promise<string>;
} {
  let client: Promise<GitHubClient> | undefined;
  let identity: Promise<string> | undefined;
  const getOctokit = () =>
    (client ??= import('./github-client.js').then(({ createGitHubClient }) =>
      createGitHubClient({ token: options.token, logger: options.logger, env: options.env }),
    ));
  const getIdentity = () => (identity ??= getOctokit().then((github) => resolveIdentity(github, options)));
  return { getOctokit, getIdentity };
}
