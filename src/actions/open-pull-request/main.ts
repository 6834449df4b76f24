import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { appendSummary, coreLogger, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { ConfigurationError } from '../../lib/errors.js';
import { Inputs } from '../../lib/inputs.js';
import { pullRequestOutputs, readPullRequestInputs, runUrl } from '../../lib/pull-request-inputs.js';

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
  const root = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.string('path', '.'));

  const [
    { createGitHubClient },
    { GitHubPullRequestApi },
    { openPullRequest },
    { expandPatterns, checkRelativePattern, decodeUtf8 },
  ] = await Promise.all([
    import('../../lib/github-client.js'),
    import('../../pull-request/github-api.js'),
    import('../../pull-request/open-pull-request.js'),
    import('../../lib/files.js'),
  ]);
  const paths = files.length > 0 ? await expandPatterns(files, root) : [];
  const deletions = deleted.map((path) => checkRelativePattern(path, 'deleted-files'));
  const contents = new Map<string, string | null>();
  for (const path of paths) contents.set(path, decodeUtf8(path, await readFile(join(root, path))));
  for (const path of deletions) contents.set(path, null);

  const client = createGitHubClient({ token: pr.token, logger: coreLogger, env });
  const api = new GitHubPullRequestApi(client, pr.owner, pr.repo);
  const result = await openPullRequest(
    api,
    {
      paths: [...contents.keys()],
      apply: (current) => ({
        files: contents,
        rows: [...contents.keys()]
          .filter((path) => current.get(path) !== contents.get(path))
          .map((file) => ({ file })),
      }),
    },
    {
      base: pr.base,
      branch: pr.branch,
      title: pr.title,
      body: pr.body,
      commitMessage: pr.commitMessage,
      labels: pr.labels,
      draft: pr.draft,
      autoMerge: pr.autoMerge,
      mergeMethod: pr.mergeMethod,
      fallbackMerge: pr.fallbackMerge,
      waitForMerge: pr.waitForMerge,
      ...(pr.closeSuperseded ? { closeSupersededPrefix: pr.supersededPrefix ?? pr.branch } : {}),
      runUrl: runUrl(env),
      logger: coreLogger,
    },
  );
  setOutputs({
    changed: String(result.changedFiles.length > 0),
    'changed-files': result.changedFiles,
    ...pullRequestOutputs(result),
  });
  appendSummary(
    [
      '### Pull request',
      '',
      result.pullRequestUrl
        ? `${result.operation}: ${result.pullRequestUrl} (merged: ${result.merged})`
        : 'Nothing to change.',
    ].join('\n'),
  );
}
