import { resolve } from 'node:path';
import { appendSummary, coreLogger, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { ConfigurationError } from '../../lib/errors.js';
import { Inputs } from '../../lib/inputs.js';
import { confinePath } from '../../lib/paths.js';
import { pullRequestOptions, pullRequestOutputs, readPullRequestInputs } from '../../pull-request/inputs.js';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = new Inputs();
  maskSecrets(inputs.optional('token'));
  const files = inputs.multiline('files');
  const deleted = inputs.multiline('deleted-files');
  if (files.length === 0 && deleted.length === 0) {
    throw new ConfigurationError(
      "Input 'files' is required: the changed files to commit, paths or globs relative to 'path', one per line.",
    );
  }
  const pr = readPullRequestInputs(inputs, env, { autoMerge: false });
  if (!pr.branch)
    throw new ConfigurationError(
      "Input 'branch' is required: the branch the pull request comes from, e.g. 'platform-actions/prod/backend'.",
    );
  if (!pr.title) throw new ConfigurationError("Input 'title' is required: the pull request title.");
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const root = confinePath(workspace, resolve(workspace, inputs.string('path', '.')), 'path');

  const [{ createGitHubClient }, { GitHubPullRequestApi }, { openPullRequest, PullRequestFailed }, checkout] =
    await Promise.all([
      import('../../lib/github-client.js'),
      import('../../pull-request/github-pull-request-api.js'),
      import('../../pull-request/open-pull-request.js'),
      import('../../pull-request/checkout-files.js'),
    ]);
  const contents = await checkout.readCheckoutFiles(root, files, deleted);
  const api = new GitHubPullRequestApi(
    createGitHubClient({ token: pr.token, logger: coreLogger, env }),
    pr.owner,
    pr.repo,
  );
  const options = pullRequestOptions(pr, { branch: pr.branch, title: pr.title }, env, coreLogger);
  const result = await openPullRequest(api, checkout.fileChangeSet(contents), options).catch(
    (error: unknown) => {
      // The pull request exists but a later step failed: its number and URL are still outputs.
      if (error instanceof PullRequestFailed)
        setOutputs(pullRequestOutputs({ merged: 'false', ...error.partial }));
      throw error;
    },
  );
  setOutputs({
    changed: String(result.changedFiles.length > 0),
    'changed-files': result.changedFiles,
    ...pullRequestOutputs(result),
  });
  const done =
    result.pullRequestUrl && `${result.operation}: ${result.pullRequestUrl} (merged: ${result.merged})`;
  appendSummary(`### Pull request\n\n${done || 'Nothing to change.'}`);
}
