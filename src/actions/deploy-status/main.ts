import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { Inputs } from '../../lib/inputs.js';
import { readDeployStatusInputs } from '../../deploy-status/inputs.js';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = new Inputs();
  maskSecrets(inputs.optional('token'), inputs.optional('kubeconfig'));
  const config = readDeployStatusInputs(inputs, env);
  const [{ runDeployStatus }, { createGitHubClient }] = await Promise.all([
    import('../../deploy-status/run.js'),
    import('../../lib/github-client.js'),
  ]);
  const { result, summary } = await runDeployStatus(config, {
    getIdToken,
    mask: (secret) => maskSecrets(secret),
    logger: coreLogger,
    env,
    github: (token) => createGitHubClient({ token, logger: coreLogger, env }),
  });
  const synced = result.timeline.find((entry) => entry.stage === 'synced');
  setOutputs({
    status: result.status,
    revision: result.revision ?? '',
    digest: config.image.digest,
    'synced-at': synced ? new Date(synced.at).toISOString() : '',
    'ready-at': result.readyAt ? new Date(result.readyAt).toISOString() : '',
    'duration-seconds': String(result.durationSeconds),
    'deployment-id': result.deploymentId !== undefined ? String(result.deploymentId) : '',
    'environment-url': result.environmentUrl ?? '',
    'kubernetes-calls': String(result.kubernetesCalls),
  });
  appendSummary(summary);
  if (result.status === 'failure' || result.status === 'error') process.exitCode = 1;
}
