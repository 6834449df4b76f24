// Changed files of a pull request or push: from the API (up to GitHub's 3,000-file cap) or git.
import type { GitHubClient } from '../lib/github-client.js';
import { ConfigurationError } from '../lib/errors.js';
import type { Repo } from '../lib/github-client.js';
import type { Exec } from '../lib/exec.js';

/** GitHub lists at most 3,000 files of a pull request. */
export const API_FILE_CAP = 3000;

/** Changed files of a PR via the API (renames give both names), or undefined past the API's cap. */
export async function changedFilesFromApi(
  octokit: GitHubClient,
  repo: Repo,
  pullNumber: number,
): Promise<string[] | undefined> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...repo,
    pull_number: pullNumber,
    per_page: 100,
  });
  if (files.length >= API_FILE_CAP) return undefined;
  return [...new Set(files.flatMap((file) => [file.filename, file.previous_filename ?? ''].filter(Boolean)))];
}

/** `git diff --name-only --no-renames base...head` (three dots: changes on head since it left base). */
export async function changedFilesFromGit(
  exec: Exec,
  cwd: string,
  base: string,
  head: string,
  env: Record<string, string>,
  threeDot = true,
): Promise<string[]> {
  const range = threeDot ? `${base}...${head}` : `${base}..${head}`;
  const result = await exec('git', ['diff', '--name-only', '--no-renames', range], { cwd, env });
  if (result.exitCode !== 0) {
    throw new ConfigurationError(
      `git diff ${range} failed (${result.stderr.trim()}): check out with \`fetch-depth: 0\` (actions/checkout) so both commits are present.`,
    );
  }
  return result.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
