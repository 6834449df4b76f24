import { describe, expect, it } from '@jest/globals';
import {
  GitHubDeploymentReporter,
  oneLine,
  type DeploymentTarget,
} from '../../../src/deploy-status/github-deployment.js';
import { statusOf, useEmulator } from '../github-emulator/setup.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);

describe('GitHub Deployment reporter (emulator)', () => {
  const h = useEmulator();

  function target(overrides: Partial<DeploymentTarget> = {}): DeploymentTarget {
    const sha = h.github.state.getBranchSha('acme/backend', 'main')!;
    return {
      owner: 'acme',
      repo: 'backend',
      ref: sha,
      environment: 'dev',
      app: 'backend',
      image: `registry.example/backend:${sha}`,
      digest: DIGEST,
      pullRequestUrl: 'https://github.com/acme/manifests/pull/7',
      ...overrides,
    };
  }

  it('creates the deployment in progress and ends it successful in three calls; the earlier one turns inactive', async () => {
    h.github.state.createRepo('acme/backend', { files: { 'main.go': 'package main\n' } });
    const first = new GitHubDeploymentReporter(h.octokit, target(), {
      logUrl: 'https://github.com/acme/backend/actions/runs/1',
    });
    await first.start('Waiting for Argo CD');
    await first.finish('success', 'Running', 'https://dev.example');
    h.github.calls.reset();

    const reporter = new GitHubDeploymentReporter(h.octokit, target(), {
      logUrl: 'https://github.com/acme/backend/actions/runs/2',
    });
    const id = await reporter.start('Waiting for Argo CD to sync 1234567');
    await reporter.finish('success', `Running ${DIGEST} on 2 pods`, 'https://dev.example');
    expect(reporter.calls).toBe(3);
    expect(h.github.calls.count()).toBe(3);

    const deployments = h.github.state.repo('acme/backend').deployments;
    const created = deployments.get(id)!;
    expect(created.sha).toBe(target().ref);
    expect(created.environment).toBe('dev');
    expect(created.task).toBe('deploy');
    expect(created.payload).toEqual({
      app: 'backend',
      image: target().image,
      digest: DIGEST,
      'pull-request-url': 'https://github.com/acme/manifests/pull/7',
    });
    expect(created.productionEnvironment).toBe(false);
    expect(created.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(created.statuses[1]).toMatchObject({
      environmentUrl: 'https://dev.example',
      logUrl: 'https://github.com/acme/backend/actions/runs/2',
    });
    const earlier = deployments.get(first.deploymentId!)!;
    expect(earlier.statuses.map((s) => s.state)).toEqual(['in_progress', 'success', 'inactive']);
  });

  it('production and transient environments come from the inputs', async () => {
    h.github.state.createRepo('acme/backend');
    const reporter = new GitHubDeploymentReporter(
      h.octokit,
      target({ environment: 'prd', productionEnvironment: true, transientEnvironment: false }),
    );
    const id = await reporter.start('Waiting');
    const created = h.github.state.repo('acme/backend').deployments.get(id)!;
    expect(created.productionEnvironment).toBe(true);
    expect(created.transientEnvironment).toBe(false);
  });

  it('a failure reason is one redacted line within 140 characters', async () => {
    h.github.state.createRepo('acme/backend');
    const reporter = new GitHubDeploymentReporter(h.octokit, target(), { secrets: ['hunter2-secret'] });
    const id = await reporter.start('Waiting');
    const reason = `ImagePullBackOff: pull of registry.example/backend failed: token hunter2-secret refused\n${'x'.repeat(300)}`;
    await reporter.finish('failure', reason);
    const status = h.github.state.repo('acme/backend').deployments.get(id)!.statuses[1]!;
    expect(status.state).toBe('failure');
    expect(status.description.length).toBeLessThanOrEqual(140);
    expect(status.description).not.toContain('hunter2');
    expect(status.description).not.toContain('\n');
    expect(status.description.endsWith('…')).toBe(true);
  });

  it('finds a newer deployment of the same app and environment, not of another app', async () => {
    h.github.state.createRepo('acme/backend');
    const reporter = new GitHubDeploymentReporter(h.octokit, target());
    await reporter.start('Waiting');
    await new GitHubDeploymentReporter(h.octokit, target({ app: 'worker' })).start('Waiting');
    await new GitHubDeploymentReporter(h.octokit, target({ environment: 'stg' })).start('Waiting');
    expect(await reporter.newerDeployment()).toBeUndefined();
    const newer = new GitHubDeploymentReporter(h.octokit, target({ image: 'registry.example/backend:v2' }));
    const newerId = await newer.start('Waiting');
    expect(await reporter.newerDeployment()).toEqual({
      id: newerId,
      ref: target().ref,
      image: 'registry.example/backend:v2',
    });
  });

  it('the emulator refuses a status description over 140 characters, as GitHub does', async () => {
    h.github.state.createRepo('acme/backend');
    const reporter = new GitHubDeploymentReporter(h.octokit, target());
    const id = await reporter.start('Waiting');
    const refused = await statusOf(
      h.octokit.rest.repos.createDeploymentStatus({
        owner: 'acme',
        repo: 'backend',
        deployment_id: id,
        state: 'failure',
        description: 'x'.repeat(141),
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/maximum is 140 characters/);
  });

  it('a token without write access cannot create a deployment', async () => {
    h.github.state.createRepo('acme/backend');
    h.github.state.addToken('read-token', 'rita', 'read');
    const reporter = new GitHubDeploymentReporter(h.client('read-token'), target());
    expect((await statusOf(reporter.start('Waiting'))).status).toBe(403);
  });

  it('oneLine collapses whitespace and cuts with an ellipsis', () => {
    expect(oneLine('a\n  b\tc')).toBe('a b c');
    expect(oneLine('x'.repeat(200))).toHaveLength(140);
  });
});
