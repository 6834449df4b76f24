// One deploy followed in the cluster and reported on the app repository as a GitHub Deployment.
import { getErrorMessage } from '../lib/errors.js';
import { redact } from '../lib/redact.js';
import {
  followDeploy,
  type FollowOptions,
  type FollowResult,
  type Stage,
  type TimelineEntry,
} from './follow.js';
import { CONTROLLER_LABEL } from './controllers.js';
import { shortDigest, type GitHubDeploymentReporter } from './github-deployment.js';

export interface DeployStatusOptions extends Omit<FollowOptions, 'newerDeploy'> {
  /** Reports on the app repository; without it nothing is posted to GitHub. */
  reporter?: GitHubDeploymentReporter;
  environmentUrl?: string;
  /** When the bump pull request merged (ms since the epoch), to time merge → synced. */
  mergedAt?: number;
  secrets?: readonly string[];
}

export interface DeployStatusResult extends FollowResult {
  deploymentId?: number;
  durationSeconds: number;
  environmentUrl?: string;
  githubCalls: number;
}

export async function deployStatus(options: DeployStatusOptions): Promise<DeployStatusResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const { reporter, controller, logger } = options;
  await reporter?.start(
    `Waiting for ${CONTROLLER_LABEL[controller.kind]} ${controller.name} to apply ${options.commit.slice(0, 7)}`,
  );
  let result: FollowResult;
  try {
    result = await followDeploy({
      ...options,
      ...(reporter
        ? {
            newerDeploy: async () => {
              const newer = await reporter.newerDeployment();
              return newer ? `deployment ${newer.id}${newer.image ? ` of ${newer.image}` : ''}` : undefined;
            },
          }
        : {}),
    });
  } catch (error) {
    await reporter?.finish('error', getErrorMessage(error)).catch(() => undefined);
    throw error;
  }
  const durationSeconds = Math.round((now() - (options.mergedAt ?? started)) / 1000);
  if (reporter) {
    const description =
      result.status === 'success'
        ? `${result.pods} pod${result.pods === 1 ? '' : 's'} run ${shortDigest(options.image.digest)} (${durationSeconds} s after ${options.mergedAt ? 'merge' : 'start'})`
        : result.reason;
    try {
      await reporter.finish(
        result.status,
        description,
        result.status === 'success' ? options.environmentUrl : undefined,
      );
    } catch (error) {
      logger.warning(`Could not post the final deployment status: ${getErrorMessage(error)}`);
    }
  }
  const level = result.status === 'success' ? 'info' : result.status === 'inactive' ? 'warning' : 'error';
  logger[level](redact(result.reason, options.secrets));
  for (const line of result.details) logger.info(redact(line, options.secrets));
  return {
    ...result,
    reason: redact(result.reason, options.secrets),
    details: result.details.map((line) => redact(line, options.secrets)),
    ...(reporter?.deploymentId !== undefined ? { deploymentId: reporter.deploymentId } : {}),
    durationSeconds,
    ...(result.status === 'success' && options.environmentUrl
      ? { environmentUrl: options.environmentUrl }
      : {}),
    githubCalls: reporter?.calls ?? 0,
  };
}

const STAGE_LABEL: Record<Stage | 'merged', string> = {
  merged: 'bump merged',
  started: 'following',
  'refresh-requested': 'refresh requested',
  synced: 'synced',
  'rolled-out': 'rolled out',
  running: 'running the digest',
};

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** The job summary: each stage's time and how long it took after the one before. */
export function renderSummary(
  title: string,
  result: DeployStatusResult,
  options: { mergedAt?: number; digest: string },
): string {
  const entries: { stage: Stage | 'merged'; at: number; detail: string }[] = [
    ...(options.mergedAt ? [{ stage: 'merged' as const, at: options.mergedAt, detail: '' }] : []),
    ...result.timeline.map((entry: TimelineEntry) => entry),
  ].sort((a, b) => a.at - b.at);
  const rows = entries.map((entry, index) => {
    const took = index === 0 ? '' : `${Math.round((entry.at - entries[index - 1]!.at) / 1000)} s`;
    return `| ${STAGE_LABEL[entry.stage]} | ${clock(entry.at)} | ${took} | ${entry.detail.replace(/\|/g, '\\|')} |`;
  });
  const icon = { success: '✅', failure: '❌', error: '⚠️', inactive: '⏭️' }[result.status];
  return [
    `### ${icon} ${title}: ${result.status}`,
    '',
    result.reason,
    '',
    '| stage | time (UTC) | took | detail |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...(result.details.length > 0 ? ['```text', ...result.details, '```', ''] : []),
    `Digest \`${options.digest}\`${result.revision ? `, manifests revision \`${result.revision}\`` : ''}. ` +
      `${result.durationSeconds} s in all; ${result.kubernetesCalls} Kubernetes and ${result.githubCalls} GitHub API calls.`,
    '',
  ].join('\n');
}
