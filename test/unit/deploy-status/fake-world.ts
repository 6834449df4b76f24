// A small cluster scene for the follower's tests: Argo CD at OLD with two pods of v1, and the rollout to v2.
import { KINDS, type KubeObject } from '../../../src/deploy-status/cluster.js';
import { FakeCluster } from './fake-cluster.js';

export const OLD = 'a'.repeat(40);
export const NEW = 'b'.repeat(40);
export const REPO = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/backend';
export const DIGEST = 'sha256:' + '1'.repeat(64);
export const OLD_DIGEST = 'sha256:' + '0'.repeat(64);
export const IMAGE = { repository: REPO, tag: 'v2', digest: DIGEST };

export function application(revision: string, branch = 'main'): KubeObject {
  return {
    metadata: { name: 'backend-dev', namespace: 'argocd' },
    spec: {
      source: {
        repoURL: 'https://github.com/acme/manifests',
        targetRevision: branch,
        path: 'apps/backend/dev',
      },
      destination: { namespace: 'web' },
      syncPolicy: { automated: {} },
    },
    status: {
      sync: { status: 'Synced', revision },
      operationState: { phase: 'Succeeded', syncResult: { revision } },
      health: { status: 'Healthy' },
      resources: [
        { group: '', kind: 'Service', namespace: 'web', name: 'backend' },
        { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'backend' },
      ],
    },
  };
}

export function deployment(tag: string, generation: number, replicas = 2): KubeObject {
  return {
    metadata: { name: 'backend', namespace: 'web', generation },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'backend' } },
      template: { spec: { containers: [{ name: 'app', image: `${REPO}:${tag}` }] } },
    },
    status: {
      observedGeneration: generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    },
  };
}

export function pod(
  name: string,
  tag: string,
  digest: string,
  extra: Partial<{ ready: boolean; waiting: unknown; lastState: unknown }> = {},
): KubeObject {
  const ready = extra.ready ?? true;
  return {
    metadata: { name, namespace: 'web', labels: { app: 'backend' } },
    spec: { containers: [{ name: 'app', image: `${REPO}:${tag}` }] },
    status: {
      phase: ready ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          image: `${REPO}:${tag}`,
          imageID: ready ? `${REPO}@${digest}` : '',
          ready,
          state: extra.waiting
            ? { waiting: extra.waiting }
            : ready
              ? { running: {} }
              : { waiting: { reason: 'ContainerCreating' } },
          ...(extra.lastState ? { lastState: extra.lastState } : {}),
        },
      ],
    },
  };
}

/** The cluster before the deploy: Argo CD at OLD, two pods of v1. */
export function world(): FakeCluster {
  const cluster = new FakeCluster();
  cluster.put(KINDS.application, application(OLD));
  cluster.put(KINDS.deployment, deployment('v1', 1));
  cluster.put(KINDS.pod, pod('backend-old-1', 'v1', OLD_DIGEST));
  cluster.put(KINDS.pod, pod('backend-old-2', 'v1', OLD_DIGEST));
  return cluster;
}

/** What Argo CD and the Deployment controller do after the bump: sync NEW, roll out v2. */
export function rollOut(
  cluster: FakeCluster,
  options: { tag?: string; digest?: string; revision?: string } = {},
): void {
  const tag = options.tag ?? 'v2';
  cluster.put(KINDS.application, application(options.revision ?? NEW));
  cluster.put(KINDS.deployment, {
    ...deployment(tag, 2),
    status: { observedGeneration: 2, replicas: 3, updatedReplicas: 1 },
  });
  cluster.put(KINDS.pod, pod('backend-new-1', tag, options.digest ?? DIGEST));
  cluster.remove(KINDS.pod, 'web', 'backend-old-1');
  cluster.put(KINDS.pod, pod('backend-new-2', tag, options.digest ?? DIGEST));
  cluster.remove(KINDS.pod, 'web', 'backend-old-2');
  cluster.put(KINDS.deployment, deployment(tag, 2));
}
