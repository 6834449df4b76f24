// Whether a Deployment, StatefulSet or DaemonSet rolled out the image, and what its pods say when it did not.
import type { KubeObject, WorkloadKind } from './cluster.js';

export interface ImageRef {
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry/repo:tag@sha256:…` into repository, tag and digest. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: normalizeRepository(rest), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

function normalizeRepository(repository: string): string {
  const parts = repository.split('/');
  const hasRegistry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!);
  if (hasRegistry) return repository;
  return `docker.io/${parts.length === 1 ? `library/${repository}` : repository}`;
}

/** The image a deploy pushed: what pods must run. */
export interface ImageTarget {
  repository: string;
  tag?: string;
  digest: string;
}

export type ImageMatch = 'ours' | 'other' | 'unrelated';

/** Whether a container image is the pushed one, another image of the same repository, or unrelated. */
export function matchImage(image: string, target: ImageTarget): ImageMatch {
  const ref = parseImage(image);
  if (ref.repository !== target.repository) return 'unrelated';
  if (ref.digest) return ref.digest === target.digest ? 'ours' : 'other';
  return ref.tag !== undefined && ref.tag === target.tag ? 'ours' : 'other';
}

type Status = Record<string, unknown>;
const statusOf = (object: KubeObject): Status => (object.status ?? {}) as Status;
const specOf = (object: KubeObject): Status => (object.spec ?? {}) as Status;
const num = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);

interface Container {
  name: string;
  image?: string;
}

function podSpecOf(workload: KubeObject): Status {
  return (((specOf(workload).template ?? {}) as Status).spec ?? {}) as Status;
}

function containersOf(podSpec: Status): Container[] {
  return [...((podSpec.initContainers as Container[]) ?? []), ...((podSpec.containers as Container[]) ?? [])];
}

/** How the workload's pod template refers to the pushed image's repository. */
export function templateMatch(
  workload: KubeObject,
  target: ImageTarget,
): { match: ImageMatch; image?: string } {
  let other: string | undefined;
  for (const container of containersOf(podSpecOf(workload))) {
    const match = matchImage(container.image ?? '', target);
    if (match === 'ours') return { match, image: container.image };
    if (match === 'other') other = container.image;
  }
  return other ? { match: 'other', image: other } : { match: 'unrelated' };
}

/** A label selector string from a workload's `spec.selector`. */
export function selectorOf(workload: KubeObject): string {
  const selector = (specOf(workload).selector ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    if (expression.operator === 'In') parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === 'Exists') parts.push(expression.key);
    else if (expression.operator === 'DoesNotExist') parts.push(`!${expression.key}`);
  }
  return parts.join(',');
}

export type RolloutVerdict =
  { state: 'done' } | { state: 'waiting'; detail: string } | { state: 'failed'; reason: string };

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** Rolled out: the controller saw the current spec, every replica is updated, ready and available, and no old one is left. */
export function evaluateRollout(kind: WorkloadKind, workload: KubeObject): RolloutVerdict {
  const spec = specOf(workload);
  const status = statusOf(workload);
  const name = `${kind} ${workload.metadata.namespace}/${workload.metadata.name}`;
  if (num(status.observedGeneration, -1) < num(workload.metadata.generation)) {
    return { state: 'waiting', detail: `${name}: the controller has not seen the new spec yet` };
  }
  if (kind === 'Deployment') {
    const progressing = ((status.conditions as Condition[]) ?? []).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return {
        state: 'failed',
        reason: `${name}: ProgressDeadlineExceeded: ${progressing.message ?? ''}`.trim(),
      };
    }
    if (spec.paused === true) return { state: 'waiting', detail: `${name} is paused` };
    const replicas = num(spec.replicas, 1);
    const updated = num(status.updatedReplicas);
    if (updated < replicas)
      return { state: 'waiting', detail: `${name}: ${updated} of ${replicas} replicas updated` };
    if (num(status.replicas) > updated) {
      return {
        state: 'waiting',
        detail: `${name}: ${num(status.replicas) - updated} old replicas still running`,
      };
    }
    if (num(status.availableReplicas) < updated) {
      return {
        state: 'waiting',
        detail: `${name}: ${num(status.availableReplicas)} of ${updated} updated replicas available`,
      };
    }
    return { state: 'done' };
  }
  if (kind === 'StatefulSet') {
    const replicas = num(spec.replicas, 1);
    const strategy = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number } };
    if (strategy.type === 'OnDelete') {
      return { state: 'waiting', detail: `${name} updates OnDelete: its pods change only when deleted` };
    }
    const expected = replicas - num(strategy.rollingUpdate?.partition);
    if (num(status.updatedReplicas) < expected) {
      return {
        state: 'waiting',
        detail: `${name}: ${num(status.updatedReplicas)} of ${expected} replicas updated`,
      };
    }
    if (num(status.readyReplicas) < replicas) {
      return {
        state: 'waiting',
        detail: `${name}: ${num(status.readyReplicas)} of ${replicas} replicas ready`,
      };
    }
    if (num(status.availableReplicas, replicas) < replicas) {
      return {
        state: 'waiting',
        detail: `${name}: ${num(status.availableReplicas)} of ${replicas} replicas available`,
      };
    }
    if (
      expected === replicas &&
      status.updateRevision !== undefined &&
      status.currentRevision !== status.updateRevision
    ) {
      return {
        state: 'waiting',
        detail: `${name}: revision ${String(status.updateRevision)} not current yet`,
      };
    }
    return { state: 'done' };
  }
  const desired = num(status.desiredNumberScheduled);
  if (num(status.updatedNumberScheduled) < desired) {
    return {
      state: 'waiting',
      detail: `${name}: ${num(status.updatedNumberScheduled)} of ${desired} pods updated`,
    };
  }
  if (num(status.numberReady) < desired || num(status.numberAvailable) < desired) {
    return {
      state: 'waiting',
      detail: `${name}: ${num(status.numberAvailable)} of ${desired} pods available`,
    };
  }
  return { state: 'done' };
}

interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: unknown;
    terminated?: { exitCode?: number; reason?: string; message?: string };
  };
  lastState?: { terminated?: { exitCode?: number; reason?: string; message?: string } };
}

export interface PodFailure {
  pod: string;
  container: string;
  reason: string;
  message: string;
  exitCode?: number;
  /** A crash: the previous container's last log lines tell why. */
  crashed: boolean;
}

export interface PodVerdict {
  name: string;
  /** Its template runs the pushed image (false: a pod of the old version). */
  ours: boolean;
  terminating: boolean;
  ready: boolean;
  /** Digests the containers of the pushed image report (imageID), once they run. */
  runningDigests: string[];
  failure?: PodFailure;
  /** Why it is not ready yet, when there is no failure. */
  pending?: string;
}

const PULL_FAILURES = new Set(['ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CONFIG_FAILURES = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
const FATAL_PULL = /not found|manifest unknown|unauthorized|denied|forbidden|no such host|invalid reference/i;

/**
 * The registry digest an imageID names (`docker-pullable://repo@sha256:…`, `repo@sha256:…`). A bare
 * `sha256:…` is the node's local image id, not a registry digest: `local`.
 */
export function digestOfImageId(imageId: string | undefined): string | undefined {
  const id = imageId ?? '';
  const digest = /@(sha256:[0-9a-f]{64})/.exec(id)?.[1];
  if (digest) return digest;
  return /^sha256:[0-9a-f]{64}$/.test(id) ? 'local' : undefined;
}

export function evaluatePod(pod: KubeObject, target: ImageTarget): PodVerdict {
  const name = pod.metadata.name ?? '';
  const spec = specOf(pod);
  const status = statusOf(pod);
  const ourContainers = new Set(
    containersOf(spec)
      .filter((c) => matchImage(c.image ?? '', target) === 'ours')
      .map((c) => c.name),
  );
  const podConditions = (status.conditions as Condition[]) ?? [];
  const verdict: PodVerdict = {
    name,
    ours: ourContainers.size > 0,
    terminating: pod.metadata.deletionTimestamp !== undefined,
    ready: podConditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    runningDigests: [],
  };
  const statuses = [
    ...((status.initContainerStatuses as ContainerStatus[]) ?? []),
    ...((status.containerStatuses as ContainerStatus[]) ?? []),
  ];
  for (const container of statuses) {
    if (ourContainers.has(container.name)) {
      const digest = digestOfImageId(container.imageID);
      if (digest && container.state?.running !== undefined) verdict.runningDigests.push(digest);
    }
    const waiting = container.state?.waiting;
    const reason = waiting?.reason ?? '';
    const message = waiting?.message ?? '';
    if (
      PULL_FAILURES.has(reason) ||
      CONFIG_FAILURES.has(reason) ||
      (reason === 'ErrImagePull' && FATAL_PULL.test(message))
    ) {
      verdict.failure ??= { pod: name, container: container.name, reason, message, crashed: false };
    } else if (reason === 'CrashLoopBackOff') {
      const last = container.lastState?.terminated;
      verdict.failure ??= {
        pod: name,
        container: container.name,
        reason,
        message: last?.reason ?? message,
        ...(last?.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
        crashed: true,
      };
    } else if (reason && !verdict.pending) {
      verdict.pending = `${name}/${container.name} ${reason}${message ? `: ${message}` : ''}`;
    }
  }
  const scheduled = podConditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    verdict.pending ??= `${name} not scheduled: ${scheduled.reason ?? ''} ${scheduled.message ?? ''}`.trim();
  }
  if (!verdict.ready) verdict.pending ??= `${name} not ready (${String(status.phase ?? 'Pending')})`;
  return verdict;
}

/** One line for a pod failure; crash logs are appended by the caller. */
export function describePodFailure(failure: PodFailure): string {
  if (failure.crashed) {
    return `${failure.reason}: pod ${failure.pod}, container ${failure.container} exited with code ${failure.exitCode ?? '?'}${failure.message ? ` (${failure.message})` : ''}`;
  }
  return `${failure.reason}: pod ${failure.pod}, container ${failure.container}${failure.message ? `: ${failure.message}` : ''}`;
}
