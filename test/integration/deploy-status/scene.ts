// An app on the test control plane whose GitOps controller the test plays: an Argo CD Application (its CRD,
// without the controller) that the test marks synced after applying the Deployment, as Argo CD does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeClient, KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { installCrdFiles, type ControlPlane } from '../../harness/kube/control-plane.js';
import { SCENARIO_LABEL } from '../../harness/kube/stages.js';
import { tempDir } from '../../harness/service-process.js';

/** The revision every scene app starts synced at. */
export const OLD = '1'.repeat(40);

const APPLICATION_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: applications.argoproj.io }
spec:
  group: argoproj.io
  scope: Namespaced
  names: { plural: applications, singular: application, kind: Application, listKind: ApplicationList }
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

export interface WorkloadOptions {
  scenario?: string;
  progressDeadlineSeconds?: number;
}

export function deployment(name: string, image: string, options: WorkloadOptions = {}): KubeObject {
  const labels = { app: name, ...(options.scenario ? { [SCENARIO_LABEL]: options.scenario } : {}) };
  return {
    metadata: { name },
    spec: {
      replicas: 2,
      ...(options.progressDeadlineSeconds
        ? { progressDeadlineSeconds: options.progressDeadlineSeconds }
        : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

export interface Scene {
  /** A Deployment at `image`, rolled out, and its Application synced at OLD following `branch`. */
  app(name: string, image: string, options?: { branch?: string }): Promise<void>;
  /** What Argo CD does for a commit: apply the Deployment, then record the sync. */
  sync(name: string, commit: string, image: string, options?: WorkloadOptions): Promise<void>;
  /** Waits until the follower asked for a refresh (the annotation), then runs `act`. */
  onRefresh(name: string, act: () => Promise<void>): Promise<void>;
}

export async function startScene(cluster: ControlPlane): Promise<Scene> {
  const crds = tempDir('crds');
  writeFileSync(join(crds, 'application.yaml'), APPLICATION_CRD);
  await installCrdFiles(cluster.client, [join(crds, 'application.yaml')]);
  await cluster.namespace('argocd');
  const client: KubeClient = cluster.client;
  return {
    async app(name, image, options = {}) {
      await cluster.namespace(name);
      await client.create(RESOURCES.deployment, name, deployment(name, image));
      await client.waitFor(
        RESOURCES.deployment,
        name,
        name,
        (d) => (d.status as { readyReplicas?: number } | undefined)?.readyReplicas === 2,
        { timeoutMs: 60_000 },
      );
      await client.create(RESOURCES.argoApplication, 'argocd', {
        metadata: { name },
        spec: {
          source: {
            repoURL: 'https://github.com/acme/manifests',
            targetRevision: options.branch ?? 'main',
            path: `apps/${name}`,
          },
          destination: { namespace: name },
          syncPolicy: { automated: {} },
        },
        status: {
          sync: { status: 'Synced', revision: OLD },
          operationState: { phase: 'Succeeded', syncResult: { revision: OLD } },
          health: { status: 'Healthy' },
          resources: [{ group: 'apps', version: 'v1', kind: 'Deployment', namespace: name, name }],
        },
      });
    },
    async sync(name, commit, image, options = {}) {
      await client.patch(RESOURCES.deployment, name, name, { spec: deployment(name, image, options).spec });
      await client.patch(RESOURCES.argoApplication, 'argocd', name, {
        status: {
          sync: { status: 'Synced', revision: commit },
          operationState: { phase: 'Succeeded', syncResult: { revision: commit } },
        },
      });
    },
    async onRefresh(name, act) {
      await client.waitFor(
        RESOURCES.argoApplication,
        'argocd',
        name,
        (a) => a.metadata.annotations?.['argocd.argoproj.io/refresh'] !== undefined,
        { timeoutMs: 60_000 },
      );
      await act();
    },
  };
}
