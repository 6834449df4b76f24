// What the deploy follower needs from a Kubernetes client: src/kubernetes/client.ts's KubeClient, or a fake.
import type { KubeList, KubeObject, Selectors, WatchEvent } from '../kubernetes/client.js';
import { RESOURCES, type ResourceType } from '../kubernetes/resources.js';

export type { KubeList, KubeObject, ResourceType, Selectors, WatchEvent };

export interface ClusterApi {
  get<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T>;
  list<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace?: string,
    selectors?: Selectors,
  ): Promise<KubeList<T>>;
  watch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    options?: Selectors & { resourceVersion?: string; signal?: AbortSignal; timeoutSeconds?: number },
  ): AsyncGenerator<WatchEvent<T>>;
  patch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
  ): Promise<T>;
  text(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    params?: Record<string, string | undefined>,
  ): Promise<string>;
  /** API calls made so far. */
  readonly totalCalls: number;
}

function type(group: string, version: string, resource: string, kind: string): ResourceType {
  return { group, version, resource, kind, namespaced: true };
}

/** The kinds the follower reads (and, for `refresh`, patches). */
export const KINDS = {
  pod: RESOURCES.pod,
  podLog: RESOURCES.podLog,
  deployment: RESOURCES.deployment,
  statefulSet: type('apps', 'v1', 'statefulsets', 'StatefulSet'),
  daemonSet: type('apps', 'v1', 'daemonsets', 'DaemonSet'),
  application: RESOURCES.argoApplication,
  kustomization: RESOURCES.fluxKustomization,
  helmRelease: type('helm.toolkit.fluxcd.io', 'v2', 'helmreleases', 'HelmRelease'),
  gitRepository: RESOURCES.fluxGitRepository,
  ociRepository: type('source.toolkit.fluxcd.io', 'v1beta2', 'ocirepositories', 'OCIRepository'),
  bucket: type('source.toolkit.fluxcd.io', 'v1', 'buckets', 'Bucket'),
  helmRepository: type('source.toolkit.fluxcd.io', 'v1', 'helmrepositories', 'HelmRepository'),
  helmChart: type('source.toolkit.fluxcd.io', 'v1', 'helmcharts', 'HelmChart'),
} as const satisfies Record<string, ResourceType>;

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export const WORKLOAD_KINDS: Record<WorkloadKind, ResourceType> = {
  Deployment: KINDS.deployment,
  StatefulSet: KINDS.statefulSet,
  DaemonSet: KINDS.daemonSet,
};

/** A Flux source kind, as a Kustomization's or HelmRelease's sourceRef names it. */
export const SOURCE_KINDS: Record<string, ResourceType> = {
  GitRepository: KINDS.gitRepository,
  OCIRepository: KINDS.ociRepository,
  Bucket: KINDS.bucket,
  HelmRepository: KINDS.helmRepository,
  HelmChart: KINDS.helmChart,
};
