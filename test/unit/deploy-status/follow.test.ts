import { describe, expect, it } from '@jest/globals';
import { KINDS, type KubeObject } from '../../../src/deploy-status/cluster.js';
import { followDeploy, type FollowOptions } from '../../../src/deploy-status/follow.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { FakeCluster } from './fake-cluster.js';
import {
  application,
  deployment,
  DIGEST,
  IMAGE,
  NEW,
  OLD,
  OLD_DIGEST,
  pod,
  REPO,
  rollOut,
  world,
} from './fake-world.js';

function options(cluster: FakeCluster, overrides: Partial<FollowOptions> = {}): FollowOptions {
  return {
    cluster,
    controller: { kind: 'argocd', namespace: 'argocd', name: 'backend-dev' },
    commit: NEW,
    image: IMAGE,
    refresh: true,
    branch: 'main',
    timeoutMs: 5_000,
    logger: createMemoryLogger(),
    sleep: async () => undefined,
    ...overrides,
  };
}

describe('followDeploy', () => {
  it('Argo CD: refreshes, sees the commit synced, the Deployment rolled out and every pod on the digest', async () => {
    const cluster = world();
    cluster.onPatch = () => rollOut(cluster);
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('success');
    expect(result.revision).toBe(NEW);
    expect(result.pods).toBe(2);
    expect(result.timeline.map((e) => e.stage)).toEqual([
      'started',
      'refresh-requested',
      'synced',
      'rolled-out',
      'running',
    ]);
    expect(cluster.patches).toEqual([
      expect.objectContaining({
        resource: 'applications',
        name: 'backend-dev',
        patch: { metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } },
      }),
    ]);
    expect(result.kubernetesCalls).toBeLessThanOrEqual(10);
    expect(result.kubernetesCalls).toBe(cluster.totalCalls);
  });

  it('without refresh it only reads', async () => {
    const cluster = world();
    setTimeout(() => rollOut(cluster), 20);
    const result = await followDeploy(options(cluster, { refresh: false }));
    expect(result.status).toBe('success');
    expect(cluster.patches).toEqual([]);
  });

  it('a pod that runs another digest under the tag fails, naming both digests', async () => {
    const cluster = world();
    const other = 'sha256:' + '9'.repeat(64);
    cluster.onPatch = () => rollOut(cluster, { digest: other });
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('failure');
    expect(result.reason).toContain(other);
    expect(result.reason).toContain(DIGEST);
  });

  it('a pod that reports only a local image id (no registry digest) fails, saying why', async () => {
    const cluster = world();
    cluster.onPatch = () => {
      const local = pod('backend-new-2', 'v2', DIGEST);
      (local.status as { containerStatuses: { imageID: string }[] }).containerStatuses[0]!.imageID =
        'sha256:' + '7'.repeat(64);
      cluster.put(KINDS.application, application(NEW));
      cluster.put(KINDS.pod, pod('backend-new-1', 'v2', DIGEST));
      cluster.put(KINDS.pod, local);
      cluster.remove(KINDS.pod, 'web', 'backend-old-1');
      cluster.remove(KINDS.pod, 'web', 'backend-old-2');
      cluster.put(KINDS.deployment, deployment('v2', 2));
    };
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('failure');
    expect(result.reason).toMatch(/^Pod backend-new-2 reports only its node's local image id/);
  });

  it('ImagePullBackOff fails with the kubelet message', async () => {
    const cluster = world();
    cluster.onPatch = () => {
      cluster.put(KINDS.application, application(NEW));
      cluster.put(KINDS.deployment, {
        ...deployment('v2', 2),
        status: { observedGeneration: 2, replicas: 3, updatedReplicas: 1 },
      });
      cluster.put(
        KINDS.pod,
        pod('backend-new-1', 'v2', DIGEST, {
          ready: false,
          waiting: {
            reason: 'ImagePullBackOff',
            message: `Back-off pulling image "${REPO}:v2": manifest unknown`,
          },
        }),
      );
    };
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('failure');
    expect(result.reason).toMatch(
      /^ImagePullBackOff: pod backend-new-1, container app: Back-off pulling image .*manifest unknown/,
    );
  });

  it('CrashLoopBackOff fails with the exit code and the last 20 log lines', async () => {
    const cluster = world();
    cluster.logs.set(
      'web/backend-new-1/app',
      Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n',
    );
    cluster.onPatch = () => {
      cluster.put(KINDS.application, application(NEW));
      cluster.put(
        KINDS.pod,
        pod('backend-new-1', 'v2', DIGEST, {
          ready: false,
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' },
          lastState: { terminated: { exitCode: 3, reason: 'Error' } },
        }),
      );
    };
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('failure');
    expect(result.reason).toBe(
      'CrashLoopBackOff: pod backend-new-1, container app exited with code 3 (Error)',
    );
    expect(result.details).toHaveLength(21);
    expect(result.details.at(-1)).toBe('line 30');
    expect(result.details[1]).toBe('line 11');
  });

  it('ProgressDeadlineExceeded fails', async () => {
    const cluster = world();
    cluster.onPatch = () => {
      cluster.put(KINDS.application, application(NEW));
      cluster.put(KINDS.deployment, {
        ...deployment('v2', 2),
        status: {
          observedGeneration: 2,
          replicas: 3,
          updatedReplicas: 1,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "backend-7d" has timed out progressing.',
            },
          ],
        },
      });
    };
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('failure');
    expect(result.reason).toMatch(
      /ProgressDeadlineExceeded: ReplicaSet "backend-7d" has timed out progressing/,
    );
  });

  it('Argo CD sync failure fails with its message', async () => {
    const cluster = world();
    cluster.onPatch = () =>
      cluster.update(KINDS.application, 'argocd', 'backend-dev', (app) => {
        (app.status as Record<string, unknown>).operationState = {
          phase: 'Failed',
          message: 'one or more objects failed to apply: admission webhook denied',
          operation: { sync: { revision: NEW } },
          syncResult: { revision: NEW },
        };
      });
    const result = await followDeploy(options(cluster));
    expect(result).toMatchObject({
      status: 'failure',
      reason: 'Argo CD sync failed: one or more objects failed to apply: admission webhook denied',
    });
  });

  it('a controller on another branch fails at once, naming its branch and path', async () => {
    const cluster = new FakeCluster();
    cluster.put(KINDS.application, application(OLD, 'release'));
    const result = await followDeploy(options(cluster));
    expect(result.status).toBe('failure');
    expect(result.reason).toContain("follows branch 'release', but the bump merged into 'main'");
    expect(result.reason).toContain("path 'apps/backend/dev'");
  });

  it('a timeout says what it still waited for, with the source', async () => {
    const cluster = world();
    const result = await followDeploy(
      options(cluster, { refresh: false, timeoutMs: 200, branch: undefined }),
    );
    expect(result.status).toBe('failure');
    expect(result.reason).toMatch(/^Timed out after 0 s waiting for Argo CD is at a{12}/);
    expect(result.reason).toContain("branch 'main', path 'apps/backend/dev'");
  });

  it('a newer deploy that took over ends inactive', async () => {
    const cluster = world();
    cluster.onPatch = () =>
      rollOut(cluster, { tag: 'v3', digest: 'sha256:' + '3'.repeat(64), revision: 'c'.repeat(40) });
    const result = await followDeploy(
      options(cluster, { newerDeploy: async () => 'deployment 9 of backend:v3' }),
    );
    expect(result).toMatchObject({
      status: 'inactive',
      reason: 'Superseded by a newer deploy (deployment 9 of backend:v3)',
    });
  });

  it('resumes its watches when the API server restarts mid-wait', async () => {
    const cluster = world();
    cluster.onPatch = () => {
      cluster.put(KINDS.application, application(NEW));
      cluster.stop();
      setTimeout(() => {
        cluster.restart();
        rollOut(cluster);
      }, 50);
    };
    const logger = createMemoryLogger();
    const result = await followDeploy(
      options(cluster, { logger, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))) }),
    );
    expect(result.status).toBe('success');
    expect(logger.lines.some((line) => /interrupted .*resuming/.test(line))).toBe(true);
  });

  it('a refresh request whose answer is lost to a connection reset is sent again, and the follow goes on', async () => {
    const cluster = world();
    cluster.lostPatchAnswers = 1;
    cluster.onPatch = () => rollOut(cluster);
    const logger = createMemoryLogger();
    const result = await followDeploy(options(cluster, { logger }));
    expect(result).toMatchObject({ status: 'success' });
    expect(cluster.patches).toHaveLength(2);
    expect(logger.lines.some((line) => /socket hang up\); retry 1\./.test(line))).toBe(true);
  });

  it('a Forbidden answer ends in error with the message', async () => {
    const cluster = world();
    cluster.forbidden.add('list:pods');
    cluster.onPatch = () => rollOut(cluster);
    const result = await followDeploy(options(cluster));
    expect(result).toMatchObject({ status: 'error', reason: 'Kubernetes refused to list pods: forbidden' });
  });

  it('an API server it never reached fails fast with the advice', async () => {
    const cluster = world();
    cluster.down = true;
    const result = await followDeploy(
      options(cluster, { unreachableAdvice: 'Private endpoint: use a self-hosted runner.' }),
    );
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/ECONNREFUSED.*Private endpoint: use a self-hosted runner\./);
  });

  it('Flux Kustomization: requests a reconcile of the source and the Kustomization and follows its inventory', async () => {
    const cluster = new FakeCluster();
    cluster.put(KINDS.gitRepository, {
      metadata: { name: 'manifests', namespace: 'flux-system' },
      spec: { url: 'https://github.com/acme/manifests', ref: { branch: 'main' } },
      status: { artifact: { revision: `main@sha1:${OLD}` } },
    });
    const kustomization = (revision: string): KubeObject => ({
      metadata: { name: 'backend-dev', namespace: 'flux-system', generation: 1 },
      spec: { path: './apps/backend/dev', sourceRef: { kind: 'GitRepository', name: 'manifests' } },
      status: {
        lastAppliedRevision: `main@sha1:${revision}`,
        lastAttemptedRevision: `main@sha1:${revision}`,
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', observedGeneration: 1 },
        ],
        inventory: {
          entries: [
            { id: 'web_backend_apps_Deployment', v: 'v1' },
            { id: 'web_backend__Service', v: 'v1' },
          ],
        },
      },
    });
    cluster.put(KINDS.kustomization, kustomization(OLD));
    cluster.put(KINDS.deployment, deployment('v1', 1));
    cluster.put(KINDS.pod, pod('backend-old-1', 'v1', OLD_DIGEST));
    cluster.put(KINDS.pod, pod('backend-old-2', 'v1', OLD_DIGEST));
    cluster.onPatch = (resource) => {
      if (resource.kind !== 'Kustomization') return;
      rollOut(cluster);
      cluster.put(KINDS.kustomization, kustomization(NEW));
    };
    const result = await followDeploy(
      options(cluster, {
        controller: { kind: 'flux-kustomization', namespace: 'flux-system', name: 'backend-dev' },
      }),
    );
    expect(result.status).toBe('success');
    expect(result.revision).toBe(`main@sha1:${NEW}`);
    expect(cluster.patches.map((p) => p.resource)).toEqual(['gitrepositories', 'kustomizations']);
    expect(cluster.patches[0]!.patch).toEqual({
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': expect.any(String) } },
    });
  });

  it('Flux Ready=False fails with its reason and message', async () => {
    const cluster = new FakeCluster();
    cluster.put(KINDS.kustomization, {
      metadata: { name: 'backend-dev', namespace: 'flux-system', generation: 1 },
      spec: { path: './apps/backend/dev', sourceRef: { kind: 'GitRepository', name: 'manifests' } },
      status: {
        lastAppliedRevision: `main@sha1:${OLD}`,
        lastAttemptedRevision: `main@sha1:${NEW}`,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'BuildFailed',
            message: 'kustomize build failed: missing resource',
            observedGeneration: 1,
          },
        ],
      },
    });
    cluster.put(KINDS.gitRepository, {
      metadata: { name: 'manifests', namespace: 'flux-system' },
      spec: { ref: { branch: 'main' } },
    });
    const result = await followDeploy(
      options(cluster, {
        refresh: false,
        controller: { kind: 'flux-kustomization', namespace: 'flux-system', name: 'backend-dev' },
      }),
    );
    expect(result).toMatchObject({
      status: 'failure',
      reason: 'Flux Kustomization Ready=False BuildFailed: kustomize build failed: missing resource',
    });
  });
});
