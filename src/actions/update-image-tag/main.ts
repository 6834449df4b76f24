import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { Inputs } from '../../lib/inputs.js';
import { pullRequestOutputs } from '../../pull-request/inputs.js';
import { runUrl } from '../../lib/run-context.js';
import { readUpdateImageTagInputs } from '../../image-tag/inputs.js';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = new Inputs();
  maskSecrets(inputs.optional('token'), inputs.optional('registry-password'));
  const config = readUpdateImageTagInputs(inputs, env);
  const [{ updateImageTag }, { runProcess }, { PullRequestFailed }] = await Promise.all([
    import('../../image-tag/update-image-tag.js'),
    import('../../lib/exec.js'),
    import('../../pull-request/open-pull-request.js'),
  ]);
  const pr = config.pullRequest;
  const outcome = await updateImageTag(config, {
    logger: coreLogger,
    mask: (secret) => maskSecrets(secret),
    getIdToken,
    exec: runProcess,
    env,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runUrl: runUrl(env),
    async pullRequestApi() {
      if (!pr) throw new Error('pullRequestApi() without pull-request: true');
      const [{ createGitHubClient }, { GitHubPullRequestApi }] = await Promise.all([
        import('../../lib/github-client.js'),
        import('../../pull-request/github-pull-request-api.js'),
      ]);
      const client = createGitHubClient({ token: pr.token, logger: coreLogger, env });
      return new GitHubPullRequestApi(client, pr.owner, pr.repo);
    },
  }).catch((error: unknown) => {
    // The pull request exists but a later step failed: its number and URL are still outputs.
    if (error instanceof PullRequestFailed)
      setOutputs(pullRequestOutputs({ merged: 'false', ...error.partial }));
    throw error;
  });
  setOutputs(outcome.outputs);
  appendSummary(outcome.summary);
}
