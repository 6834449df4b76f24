// What the manifests repository of the GitOps tests holds, and how a test sees its rollout.
import type { KubeClient, KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { SCENARIO_LABEL } from './stages.js';

/** Pod template additions a test picks: a kwok scenario (stages.ts) and a short progress deadline. */
export interface ManifestOptions {
  scenario?: string;
  progressDeadlineSeconds?: number;
}

/** A Deployment manifest for the manifests repository. */
export function deploymentManifest(name: string, image: string, options: ManifestOptions = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    ...(options.progressDeadlineSeconds
      ? [`  progressDeadlineSeconds: ${options.progressDeadlineSeconds}`]
      : []),
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    ...(options.scenario ? [`        ${SCENARIO_LABEL}: ${options.scenario}`] : []),
    '    spec:',
    '      containers:',
    '      - name: app',
    `        image: ${image}`,
    '',
  ].join('\n');
}

/** A Kustomization of `deployment.yaml` whose `images:` entry sets the tag (what update-image-tag bumps). */
export function kustomizationManifest(repository: string, tag: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    '- deployment.yaml',
    'images:',
    `- name: ${repository}`,
    `  newTag: ${tag}`,
    '',
  ].join('\n');
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

/** Waits until the Deployment runs `image` everywhere: rolled out, ready, and each pod's imageID is `imageId`. */
export async function waitForRollout(
  client: KubeClient,
  namespace: string,
  name: string,
  image: string,
  imageId: string,
  timeoutMs: number,
): Promise<void> {
  const rolledOut = (object: KubeObject) => {
    const spec = object.spec as {
      replicas?: number;
      template: { spec: { containers: { image: string }[] } };
    };
    const status = (object.status ?? {}) as DeploymentStatus;
    const replicas = spec.replicas ?? 1;
    return (
      spec.template.spec.containers[0]?.image === image &&
      status.observedGeneration === object.metadata.generation &&
      status.updatedReplicas === replicas &&
      status.readyReplicas === replicas &&
      status.replicas === replicas
    );
  };
  await client.waitFor(RESOURCES.deployment, namespace, name, rolledOut, {
    timeoutMs,
    description: `roll out ${image}`,
  });
  const pods = await client.list(RESOURCES.pod, namespace, { labelSelector: `app=${name}` });
  const ids = pods.items
    .filter((pod) => !pod.metadata.deletionTimestamp)
    .map(
      (pod) => (pod.status as { containerStatuses?: { imageID: string }[] }).containerStatuses?.[0]?.imageID,
    );
  if (ids.length === 0 || ids.some((id) => id !== imageId)) {
    throw new Error(`pods of ${namespace}/${name} run ${JSON.stringify(ids)}, expected ${imageId}`);
  }
}
