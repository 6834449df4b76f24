import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { KubeClient, KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { removeDir, tempDir } from '../service-process.js';
import { TOOLS_PATH } from '../tool-path.js';

const exec = promisify(execFile);
const GIT_ENV = {
  PATH: TOOLS_PATH,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** A Deployment manifest for the manifests repository. */
export function deploymentManifest(name: string, image: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '      - name: app',
    `        image: ${image}`,
    '',
  ].join('\n');
}

/** Commits `files` to `branch` of the remote at `url` (clone, write, commit, push); returns the commit. */
export async function commitFiles(
  url: string,
  files: Record<string, string>,
  message: string,
  branch = 'main',
): Promise<string> {
  const work = tempDir('manifests-commit');
  try {
    await exec('git', ['clone', '--quiet', '--branch', branch, url, work], { env: GIT_ENV });
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(work, file)), { recursive: true });
      writeFileSync(join(work, file), content);
    }
    await exec('git', ['-C', work, 'commit', '--quiet', '--all', '-m', message], { env: GIT_ENV });
    await exec('git', ['-C', work, 'push', '--quiet', 'origin', branch], { env: GIT_ENV });
    return (await exec('git', ['-C', work, 'rev-parse', 'HEAD'], { env: GIT_ENV })).stdout.trim();
  } finally {
    removeDir(work);
  }
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
