/**
 * The part of a kubelet that pulls images: for each pod bound to a node, resolve each container's image in
 * the test registry (a manifest HEAD, as a pull starts) and record the result on the pod, where the kwok
 * Stages (stages.ts) read it: the digest becomes `imageID`, a missing image becomes ErrImagePull.
 */
import type { KubeClient } from '../../../src/kubernetes/client.js';
import { WatchExpiredError, type KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { IMAGE_ERROR_PREFIX, IMAGE_ID_PREFIX, IMAGES_ANNOTATION } from './stages.js';

interface PodSpec {
  nodeName?: string;
  containers: { name: string; image: string }[];
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `host/repo@sha256:…` when the registry at `host` (one of `registries`) has the image, else an error text. */
export async function resolveImage(
  image: string,
  registries: string[],
): Promise<{ id?: string; error?: string }> {
  const slash = image.indexOf('/');
  const host = slash > 0 ? image.slice(0, slash) : '';
  if (!registries.includes(host)) {
    return {
      error: `failed to resolve reference "${image}": no such host (only the test registry is reachable)`,
    };
  }
  let rest = image.slice(slash + 1);
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  const response = await fetch(`http://${host}/v2/${rest}/manifests/${reference}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_TYPES },
  });
  const digest = response.headers.get('docker-content-digest');
  if (response.ok && digest) return { id: `${host}/${rest}@${digest}` };
  if (response.status === 404) {
    return { error: `failed to pull and unpack image "${image}": ${image}: not found` };
  }
  return { error: `failed to pull image "${image}": HTTP ${response.status} from ${host}` };
}

export interface ImagePuller {
  stop(): Promise<void>;
}

export function startImagePuller(client: KubeClient, registries: () => string[]): ImagePuller {
  const controller = new AbortController();
  const done = new Set<string>();
  const handle = async (pod: KubeObject) => {
    const spec = pod.spec as PodSpec;
    const uid = pod.metadata.uid ?? '';
    if (!spec.nodeName || done.has(uid) || pod.metadata.annotations?.[IMAGES_ANNOTATION]) return;
    done.add(uid);
    const annotations: Record<string, string> = {};
    let missing = false;
    for (const container of spec.containers) {
      const result = await resolveImage(container.image, registries());
      if (result.id) annotations[`${IMAGE_ID_PREFIX}${container.name}`] = result.id;
      else {
        missing = true;
        annotations[`${IMAGE_ERROR_PREFIX}${container.name}`] = result.error ?? 'pull failed';
      }
    }
    annotations[IMAGES_ANNOTATION] = missing ? 'missing' : 'resolved';
    await client
      .patch(RESOURCES.pod, pod.metadata.namespace, pod.metadata.name ?? '', { metadata: { annotations } })
      .catch(() => undefined); // the pod may be gone already
  };
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        const list = await client.list(RESOURCES.pod, undefined, { fieldSelector: 'spec.nodeName!=' });
        for (const pod of list.items) await handle(pod);
        for await (const event of client.watch(RESOURCES.pod, undefined, {
          fieldSelector: 'spec.nodeName!=',
          resourceVersion: list.metadata.resourceVersion,
          signal: controller.signal,
        })) {
          if (event.type !== 'DELETED') await handle(event.object);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        if (!(error instanceof WatchExpiredError)) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  })();
  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
