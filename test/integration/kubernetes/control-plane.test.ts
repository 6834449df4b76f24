import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { KubeClient } from '../../../src/kubernetes/client.js';
import { type KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startControlPlane, KUBE_TOOLS, type ControlPlane } from '../../harness/kube/control-plane.js';
import { pushTestImage } from '../../harness/kube/images.js';
import { crashLoopStage, neverReadyStage, SCENARIO_LABEL } from '../../harness/kube/stages.js';
import { SERVICE_TOOLS, startRegistry, type Registry } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

interface ContainerStatus {
  name: string;
  ready: boolean;
  imageID: string;
  restartCount: number;
  state: Record<string, { reason?: string; message?: string }>;
  lastState?: { terminated?: { exitCode: number; reason: string } };
}
interface PodStatus {
  phase: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: ContainerStatus[];
}

function deployment(
  name: string,
  image: string,
  labels: Record<string, string> = {},
  replicas = 2,
): KubeObject {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

async function podsOf(client: KubeClient, app: string): Promise<(KubeObject & { status: PodStatus })[]> {
  const list = await client.list<KubeObject & { status: PodStatus }>(RESOURCES.pod, 'default', {
    labelSelector: `app=${app}`,
  });
  return list.items;
}

/** Waits (by watching the namespace's pods) until every pod of `app` satisfies `done`. */
async function waitForPods(
  client: KubeClient,
  app: string,
  count: number,
  done: (status: PodStatus) => boolean,
): Promise<(KubeObject & { status: PodStatus })[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  try {
    const list = await client.list<KubeObject & { status: PodStatus }>(RESOURCES.pod, 'default', {
      labelSelector: `app=${app}`,
    });
    let pods = list.items;
    if (pods.length === count && pods.every((pod) => done(pod.status))) return pods;
    for await (const event of client.watch(RESOURCES.pod, 'default', {
      labelSelector: `app=${app}`,
      resourceVersion: list.metadata.resourceVersion,
      signal: controller.signal,
    })) {
      void event;
      pods = await podsOf(client, app);
      if (pods.length === count && pods.every((pod) => done(pod.status))) return pods;
    }
    throw new Error(
      `pods of ${app} never reached the state: ${JSON.stringify(pods.map((pod) => pod.status))}`,
    );
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describeWithTools(
  [...KUBE_TOOLS, ...SERVICE_TOOLS.registry],
  'Kubernetes control plane with kwok nodes',
  () => {
    let registry: Registry;
    let cluster: ControlPlane;

    beforeAll(async () => {
      registry = await startRegistry();
      cluster = await startControlPlane({ registries: [registry.host] });
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
      await registry?.stop();
    });

    it('serves its pinned version with RBAC on', async () => {
      const version = JSON.parse(await cluster.client.raw('/version')) as { gitVersion: string };
      expect(version.gitVersion).toBe('v1.36.3');
      const stranger = cluster.clientFor('stranger');
      await expect(stranger.list(RESOURCES.pod, 'default')).rejects.toThrow(
        /refused to list pods \(the core API group\) in namespace 'default'.*\{apiGroups: \[""\], resources: \["pods"\], verbs: \["list"\]\}/,
      );
    });

    it('rolls a Deployment out to Running and Ready pods whose imageID carries the digest', async () => {
      const digest = await pushTestImage(registry, 'team/web', 'v1');
      const image = `${registry.host}/team/web:v1`;
      await cluster.client.create(RESOURCES.deployment, 'default', deployment('web', image));
      const ready = await cluster.client.waitFor<
        KubeObject & { status: { readyReplicas?: number; updatedReplicas?: number } }
      >(
        RESOURCES.deployment,
        'default',
        'web',
        (object) => (object.status as { readyReplicas?: number }).readyReplicas === 2,
        { timeoutMs: 60_000, description: 'have 2 ready replicas' },
      );
      expect(ready.status.updatedReplicas).toBe(2);
      const replicaSets = await cluster.client.list(RESOURCES.replicaSet, 'default', {
        labelSelector: 'app=web',
      });
      expect(replicaSets.items).toHaveLength(1);
      const pods = await podsOf(cluster.client, 'web');
      expect(pods).toHaveLength(2);
      for (const pod of pods) {
        expect(cluster.nodes).toContain((pod.spec as { nodeName: string }).nodeName);
        expect(pod.status.phase).toBe('Running');
        expect(pod.status.conditions).toContainEqual(
          expect.objectContaining({ type: 'Ready', status: 'True' }),
        );
        expect(pod.status.containerStatuses?.[0]).toMatchObject({
          name: 'app',
          ready: true,
          imageID: `${registry.host}/team/web@${digest}`,
          state: { running: expect.any(Object) },
        });
      }
    });

    it('reports ErrImagePull, then ImagePullBackOff, for an image the registry does not have', async () => {
      await cluster.client.create(
        RESOURCES.deployment,
        'default',
        deployment('ghost', `${registry.host}/team/ghost:v9`, {}, 1),
      );
      const [pod] = await waitForPods(
        cluster.client,
        'ghost',
        1,
        (status) => status.containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff',
      );
      expect(pod?.status.phase).toBe('Pending');
      expect(pod?.status.containerStatuses?.[0]?.state.waiting?.message).toMatch(/team\/ghost:v9.*not found/);
    });

    it('reports CrashLoopBackOff with the last termination state for pods under the crash-loop Stage', async () => {
      await pushTestImage(registry, 'team/crash', 'v1');
      await cluster.applyStages(crashLoopStage({ exitCode: 3 }));
      try {
        await cluster.client.create(
          RESOURCES.deployment,
          'default',
          deployment('crash', `${registry.host}/team/crash:v1`, { [SCENARIO_LABEL]: 'crash-loop' }, 1),
        );
        const [pod] = await waitForPods(
          cluster.client,
          'crash',
          1,
          (status) => status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff',
        );
        expect(pod?.status.containerStatuses?.[0]).toMatchObject({
          ready: false,
          restartCount: 3,
          lastState: { terminated: { exitCode: 3, reason: 'Error' } },
        });
      } finally {
        await cluster.deleteStages('pod-crash-loop');
      }
    });

    it('keeps pods under the never-ready Stage Running but not Ready', async () => {
      await pushTestImage(registry, 'team/slow', 'v1');
      await cluster.applyStages(neverReadyStage());
      try {
        await cluster.client.create(
          RESOURCES.deployment,
          'default',
          deployment('slow', `${registry.host}/team/slow:v1`, { [SCENARIO_LABEL]: 'never-ready' }, 1),
        );
        const [pod] = await waitForPods(cluster.client, 'slow', 1, (status) => status.phase === 'Running');
        expect(pod?.status.conditions).toContainEqual(
          expect.objectContaining({ type: 'Ready', status: 'False' }),
        );
        expect(pod?.status.containerStatuses?.[0]).toMatchObject({
          ready: false,
          state: { running: expect.any(Object) },
        });
        const slow = await cluster.client.get(RESOURCES.deployment, 'default', 'slow');
        expect((slow.status as { readyReplicas?: number }).readyReplicas ?? 0).toBe(0);
      } finally {
        await cluster.deleteStages('pod-never-ready');
      }
    });

    it('stops with no process left behind', async () => {
      const stopped = await startControlPlane({ nodes: 1 });
      const pids = (await import('node:child_process'))
        .execFileSync('pgrep', ['-f', stopped.dir])
        .toString()
        .trim()
        .split('\n')
        .filter(Boolean);
      expect(pids.length).toBeGreaterThanOrEqual(4);
      await stopped.stop();
      for (const pid of pids) expect(() => readFileSync(`/proc/${pid}/stat`)).toThrow();
    });
  },
);
