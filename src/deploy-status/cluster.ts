// What the deploy follower needs from a Kubernetes client (src/kubernetes/client.ts's KubeClient has this shape).
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    deletionTimestamp?: string;
    ownerReferences?: { kind: string; name: string; uid?: string }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  metadata: { resourceVersion?: string };
  items: T[];
}

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

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
  pod: type('', 'v1', 'pods', 'Pod'),
  podLog: type('', 'v1', 'pods/log', 'Pod'),
  deployment: type('apps', 'v1', 'deployments', 'Deployment'),
  statefulSet: type('apps', 'v1', 'statefulsets', 'StatefulSet'),
  daemonSet: type('apps', 'v1', 'daemonsets', 'DaemonSet'),
  application: type('argoproj.io', 'v1alpha1', 'applications', 'Application'),
  kustomization: type('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'Kustomization'),
  helmRelease: type('helm.toolkit.fluxcd.io', 'v2', 'helmreleases', 'HelmRelease'),
  gitRepository: type('source.toolkit.fluxcd.io', 'v1', 'gitrepositories', 'GitRepository'),
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
