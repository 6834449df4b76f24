// deploy-status end to end, given validated inputs: connect, report the GitHub Deployment, follow, summarise.
import { getErrorMessage } from '../lib/errors.js';
import type { GitHubClient } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { runUrl } from '../lib/run-context.js';
import { connect } from '../kubernetes/connect.js';
import { deployStatus, renderSummary, type DeployStatusResult } from './deploy-status.js';
import { GitHubDeploymentReporter } from './github-deployment.js';
import type { DeployStatusInputs } from './inputs.js';

export interface RunDeps {
  getIdToken: (audience: string) => Promise<string>;
  mask: (secret: string) => void;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Builds the client that reports the GitHub Deployment. */
  github: (token: string) => GitHubClient;
}

export async function runDeployStatus(
  inputs: DeployStatusInputs,
  deps: RunDeps,
): Promise<{ result: DeployStatusResult; summary: string }> {
  const { report } = inputs;
  const secrets = report ? [report.token] : [];
  const reporter = report
    ? new GitHubDeploymentReporter(
        deps.github(report.token),
        {
          owner: report.owner,
          repo: report.repo,
          ref: report.ref,
          environment: report.environment,
          app: report.app,
          image: inputs.imageReference,
          digest: inputs.image.digest,
          ...(inputs.pullRequestUrl ? { pullRequestUrl: inputs.pullRequestUrl } : {}),
          ...(report.productionEnvironment !== undefined
            ? { productionEnvironment: report.productionEnvironment }
            : {}),
          transientEnvironment: report.transientEnvironment,
        },
        { ...(runUrl(deps.env) ? { logUrl: runUrl(deps.env) } : {}), secrets },
      )
    : undefined;
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect(inputs.access, {
      ...(report ? { environment: report.environment } : {}),
      ...deps,
    });
  } catch (error) {
    // The deploy is still reported: the Deployment ends in error with the reason.
    if (reporter) {
      await reporter.start('Connecting to the cluster');
      await reporter.finish('error', getErrorMessage(error));
    }
    throw error;
  }
  const { client, unreachableAdvice } = connection;
  // A cancelled run (SIGINT, then SIGTERM from the runner) must not leave the Deployment in progress.
  const cancel = () => {
    void (reporter?.finish('error', 'The workflow run was cancelled') ?? Promise.resolve())
      .catch(() => undefined)
      .finally(() => process.exit(1));
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  let result: DeployStatusResult;
  try {
    result = await deployStatus({
      cluster: client,
      controller: inputs.controller,
      commit: inputs.commit,
      image: inputs.image,
      ...(inputs.workloads ? { workloads: inputs.workloads } : {}),
      refresh: inputs.refresh,
      ...(inputs.branch ? { branch: inputs.branch } : {}),
      timeoutMs: inputs.timeoutMs,
      logger: deps.logger,
      unreachableAdvice,
      ...(reporter ? { reporter } : {}),
      ...(inputs.environmentUrl ? { environmentUrl: inputs.environmentUrl } : {}),
      ...(inputs.mergedAt ? { mergedAt: inputs.mergedAt } : {}),
      secrets,
    });
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  const title = `Deploy ${report?.app ?? inputs.controller.name}${report ? ` to ${report.environment}` : ''}`;
  return {
    result,
    summary: renderSummary(title, result, {
      digest: inputs.image.digest,
      ...(inputs.mergedAt ? { mergedAt: inputs.mergedAt } : {}),
    }),
  };
}
