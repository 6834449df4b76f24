// deployStatus = the follower (on the in-memory API server) + the GitHub Deployment (on the emulator).
import { describe, expect, it } from '@jest/globals';
import { deployStatus, renderSummary } from '../../../src/deploy-status/deploy-status.js';
import { GitHubDeploymentReporter } from '../../../src/deploy-status/github-deployment.js';
import { KINDS } from '../../../src/deploy-status/cluster.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import type { FakeCluster } from '../../unit/deploy-status/fake-cluster.js';
import {
  application,
  DIGEST,
  IMAGE,
  NEW,
  pod,
  REPO,
  rollOut,
  world,
} from '../../unit/deploy-status/fake-world.js';
import { useEmulator } from '../github-emulator/setup.js';

describe('deployStatus', () => {
  const h = useEmulator();

  function reporter(image = `${REPO}:v2`) {
    const sha = h.github.state.getBranchSha('acme/backend', 'main')!;
    return new GitHubDeploymentReporter(
      h.octokit,
      { owner: 'acme', repo: 'backend', ref: sha, environment: 'dev', app: 'backend', image, digest: DIGEST },
      { logUrl: 'https://github.com/acme/backend/actions/runs/3', secrets: ['s3cr3t-value'] },
    );
  }

  function run(cluster: FakeCluster, deploymentReporter: GitHubDeploymentReporter, timeoutMs = 5_000) {
    return deployStatus({
      cluster,
      controller: { kind: 'argocd', namespace: 'argocd', name: 'backend-dev' },
      commit: NEW,
      image: IMAGE,
      refresh: true,
      timeoutMs,
      logger: createMemoryLogger(),
      reporter: deploymentReporter,
      environmentUrl: 'https://dev.example',
      mergedAt: Date.now() - 5_000,
      sleep: async () => undefined,
      secrets: ['s3cr3t-value'],
    });
  }

  it('success: three GitHub calls, in_progress then success with the URLs, and a timeline summary', async () => {
    h.github.state.createRepo('acme/backend');
    const cluster = world();
    cluster.onPatch = () => rollOut(cluster);
    const result = await run(cluster, reporter());
    expect(result).toMatchObject({
      status: 'success',
      githubCalls: 3,
      environmentUrl: 'https://dev.example',
    });
    expect(h.github.calls.count()).toBe(3);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(5);
    const deployment = h.github.state.repo('acme/backend').deployments.get(result.deploymentId!)!;
    expect(deployment.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', `Waiting for Argo CD Application backend-dev to apply ${NEW.slice(0, 7)}`],
      ['success', expect.stringMatching(/^2 pods run sha256:111111111111 \(\d+ s after merge\)$/)],
    ]);
    expect(deployment.statuses[1]).toMatchObject({
      environmentUrl: 'https://dev.example',
      logUrl: 'https://github.com/acme/backend/actions/runs/3',
    });
    const summary = renderSummary('Deploy backend to dev', result, {
      digest: DIGEST,
      mergedAt: Date.now() - 5_000,
    });
    expect(summary).toContain('| bump merged |');
    expect(summary).toContain('| synced |');
    expect(summary).toContain('| rolled out |');
    expect(summary).toContain('| running the digest |');
    expect(summary).toMatch(/\d+ Kubernetes and 3 GitHub API calls/);
  });

  it('failure: the reason is the status description, redacted, and the crash log is in the details', async () => {
    h.github.state.createRepo('acme/backend');
    const cluster = world();
    cluster.logs.set('web/backend-new-1/app', 'connecting with password s3cr3t-value\npanic: no database\n');
    cluster.onPatch = () => {
      cluster.put(KINDS.application, application(NEW));
      cluster.put(
        KINDS.pod,
        pod('backend-new-1', 'v2', DIGEST, {
          ready: false,
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off' },
          lastState: { terminated: { exitCode: 2, reason: 'Error' } },
        }),
      );
    };
    const result = await run(cluster, reporter());
    expect(result.status).toBe('failure');
    expect(result.details.join('\n')).toContain('password ***');
    expect(result.details.join('\n')).not.toContain('s3cr3t');
    const deployment = h.github.state.repo('acme/backend').deployments.get(result.deploymentId!)!;
    expect(deployment.statuses.at(-1)).toMatchObject({
      state: 'failure',
      description: 'CrashLoopBackOff: pod backend-new-1, container app exited with code 2 (Error)',
    });
  });

  it('a timeout with a newer deployment of the app ends inactive', async () => {
    h.github.state.createRepo('acme/backend');
    const cluster = world();
    const first = reporter();
    const running = run(cluster, first, 300);
    while (h.github.state.repo('acme/backend').deployments.size === 0)
      await new Promise((r) => setTimeout(r, 5));
    await reporter(`${REPO}:v3`).start('Waiting');
    const result = await running;
    expect(result.status).toBe('inactive');
    const deployment = h.github.state.repo('acme/backend').deployments.get(result.deploymentId!)!;
    expect(deployment.statuses.at(-1)).toMatchObject({
      state: 'inactive',
      description: expect.stringContaining(`of ${REPO}:v3`),
    });
  });
});
