// What the GitOps controller (Argo CD Application, Flux Kustomization or HelmRelease) says about a commit.
import type { KubeObject, WorkloadKind } from './cluster.js';

export type ControllerKind = 'argocd' | 'flux-kustomization' | 'flux-helmrelease';

export interface ControllerRef {
  kind: ControllerKind;
  namespace: string;
  name: string;
}

export interface WorkloadRef {
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

export type SyncVerdict =
  /** Applied. `exact` when the applied revision is the bump's commit, not a later one. */
  | { state: 'synced'; revision: string; exact: boolean }
  | { state: 'waiting'; detail: string; revision?: string }
  | { state: 'failed'; reason: string; revision?: string };

export const CONTROLLER_LABEL: Record<ControllerKind, string> = {
  argocd: 'Argo CD Application',
  'flux-kustomization': 'Flux Kustomization',
  'flux-helmrelease': 'Flux HelmRelease',
};

/** Whether a controller's revision text names the commit: `<sha>`, `main@sha1:<sha>`, `1.0.0+<sha[:12]>`. */
export function namesCommit(revision: string | undefined, commit: string): boolean {
  if (!revision || !commit) return false;
  const sha = commit.toLowerCase();
  const text = revision.toLowerCase();
  return text.includes(sha) || (sha.length >= 12 && new RegExp(`[+@:/]${sha.slice(0, 12)}`).test(text));
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

type Status = Record<string, unknown>;

const statusOf = (object: KubeObject): Status => (object.status ?? {}) as Status;
const specOf = (object: KubeObject): Status => (object.spec ?? {}) as Status;
const conditions = (object: KubeObject): Condition[] => (statusOf(object).conditions as Condition[]) ?? [];
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The revision the controller last applied, as it writes it. */
export function appliedRevision(kind: ControllerKind, object: KubeObject): string | undefined {
  const status = statusOf(object);
  if (kind === 'argocd') {
    const sync = (status.sync ?? {}) as Status;
    const revisions = sync.revisions as string[] | undefined;
    return revisions?.length ? revisions.join(',') : str(sync.revision);
  }
  if (kind === 'flux-helmrelease') {
    const history = status.history as { chartVersion?: string }[] | undefined;
    return str(status.lastAppliedRevision) ?? history?.[0]?.chartVersion;
  }
  return str(status.lastAppliedRevision);
}

/** Judges the controller object against the bump's commit. `startRevision` is what it had applied before. */
export function evaluateController(
  ref: ControllerRef,
  object: KubeObject,
  commit: string,
  startRevision: string | undefined,
): SyncVerdict {
  return ref.kind === 'argocd'
    ? evaluateArgo(object, commit, startRevision)
    : evaluateFlux(ref.kind, object, commit, startRevision);
}

function evaluateArgo(app: KubeObject, commit: string, startRevision: string | undefined): SyncVerdict {
  const status = statusOf(app);
  const operation = (status.operationState ?? {}) as Status;
  const phase = str(operation.phase);
  const result = (operation.syncResult ?? {}) as Status;
  const requested = ((operation.operation ?? {}) as Status).sync as Status | undefined;
  const synced = [
    ...((result.revisions as string[] | undefined) ?? []),
    ...(str(result.revision) ? [str(result.revision)!] : []),
  ].join(',');
  const attempted = [
    synced,
    ...((requested?.revisions as string[] | undefined) ?? []),
    str(requested?.revision) ?? '',
  ].join(',');
  const health = (status.health ?? {}) as Status;
  const current = appliedRevision('argocd', app);
  if (namesCommit(attempted, commit) && (phase === 'Failed' || phase === 'Error')) {
    return {
      state: 'failed',
      reason: `Argo CD sync ${phase.toLowerCase()}: ${str(operation.message) ?? 'no message'}`,
      revision: current,
    };
  }
  if (phase === 'Succeeded' && namesCommit(synced, commit) && namesCommit(current, commit)) {
    if (health.status === 'Degraded') {
      return {
        state: 'failed',
        reason: `Argo CD health Degraded: ${str(health.message) ?? degradedResources(app) ?? 'no message'}`,
        revision: current,
      };
    }
    return { state: 'synced', revision: commit, exact: true };
  }
  if (
    phase === 'Succeeded' &&
    synced !== '' &&
    current !== undefined &&
    synced.includes(current.split(',')[0]!) &&
    startRevision !== undefined &&
    current !== startRevision
  ) {
    return { state: 'synced', revision: current, exact: false };
  }
  const problem = conditions(app).find((c) => /Error$/.test(c.type ?? ''));
  return {
    state: 'waiting',
    detail:
      `Argo CD is at ${short(current)} (sync ${str((status.sync as Status | undefined)?.status) ?? 'unknown'}` +
      `, operation ${phase ?? 'none'}, health ${str(health.status) ?? 'unknown'})` +
      (problem ? `; ${problem.type}: ${problem.message}` : ''),
    revision: current,
  };
}

function degradedResources(app: KubeObject): string | undefined {
  const resources = (statusOf(app).resources as { kind?: string; name?: string; health?: Status }[]) ?? [];
  const degraded = resources.filter((r) => r.health?.status === 'Degraded');
  if (degraded.length === 0) return undefined;
  return degraded
    .map((r) => `${r.kind}/${r.name}${str(r.health?.message) ? `: ${str(r.health?.message)}` : ''}`)
    .join('; ');
}

const FLUX_IN_PROGRESS = new Set([
  'Progressing',
  'ProgressingWithRetry',
  'DependencyNotReady',
  'Reconciling',
]);

function evaluateFlux(
  kind: ControllerKind,
  object: KubeObject,
  commit: string,
  startRevision: string | undefined,
): SyncVerdict {
  const status = statusOf(object);
  const ready = conditions(object).find((c) => c.type === 'Ready');
  const applied = appliedRevision(kind, object);
  const attempted = str(status.lastAttemptedRevision);
  const label = kind === 'flux-kustomization' ? 'Kustomization' : 'HelmRelease';
  const generation = object.metadata.generation;
  const current =
    ready?.observedGeneration === undefined ||
    generation === undefined ||
    ready.observedGeneration >= generation;
  if (ready?.status === 'True' && current) {
    if (namesCommit(applied, commit)) return { state: 'synced', revision: applied ?? commit, exact: true };
    // A HelmRelease's revision is its chart version, which a values change in Git need not move.
    if (kind === 'flux-helmrelease' || (applied !== undefined && applied !== startRevision)) {
      return { state: 'synced', revision: applied ?? '', exact: false };
    }
  }
  if (
    ready?.status === 'False' &&
    !FLUX_IN_PROGRESS.has(ready.reason ?? '') &&
    (namesCommit(attempted, commit) || (kind === 'flux-helmrelease' && attempted !== startRevision))
  ) {
    return {
      state: 'failed',
      reason: `Flux ${label} Ready=False ${ready.reason ?? ''}: ${ready.message ?? 'no message'}`,
      revision: attempted,
    };
  }
  return {
    state: 'waiting',
    detail:
      `Flux ${label} applied ${short(applied)}` +
      (ready
        ? ` (Ready=${ready.status}${ready.reason ? ` ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''})`
        : ''),
    revision: applied,
  };
}

function short(revision: string | undefined): string {
  if (!revision) return 'no revision yet';
  return revision.replace(/([0-9a-f]{12})[0-9a-f]{28}/g, '$1');
}

export interface SourceInfo {
  repository?: string;
  branch?: string;
  path?: string;
  /** The revision the source fetched last (Flux). */
  revision?: string;
}

/** Where the controller reads the manifests from: repository, branch (or other ref) and path. */
export function sourceOf(kind: ControllerKind, object: KubeObject, source?: KubeObject): SourceInfo {
  const spec = specOf(object);
  if (kind === 'argocd') {
    const sources = (spec.sources as Status[] | undefined) ?? (spec.source ? [spec.source as Status] : []);
    const first = sources.find((s) => s.path !== undefined) ?? sources[0] ?? {};
    return {
      repository: str(first.repoURL),
      branch: str(first.targetRevision) ?? 'HEAD',
      path: str(first.path) ?? str(first.chart),
    };
  }
  const sourceSpec = source ? specOf(source) : {};
  const ref = (sourceSpec.ref ?? {}) as Status;
  const artifact = ((source ? statusOf(source).artifact : undefined) ?? {}) as Status;
  return {
    repository: str(sourceSpec.url),
    branch: str(ref.branch) ?? (ref.tag || ref.semver || ref.commit || ref.name ? undefined : 'HEAD'),
    path:
      kind === 'flux-kustomization'
        ? (str(spec.path) ?? './')
        : str(((spec.chart as Status)?.spec as Status)?.chart),
    revision: str(artifact.revision),
  };
}

export function describeSource(info: SourceInfo): string {
  return [
    info.repository ? `repository ${info.repository}` : undefined,
    info.branch ? `branch '${info.branch}'` : undefined,
    info.path ? `path '${info.path}'` : undefined,
    info.revision ? `source at ${short(info.revision)}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The Flux source a Kustomization or HelmRelease reads: kind, namespace and name. */
export function fluxSourceRef(
  kind: ControllerKind,
  object: KubeObject,
): { kind: string; namespace: string; name: string } | undefined {
  const spec = specOf(object);
  const ref = (
    kind === 'flux-kustomization'
      ? spec.sourceRef
      : (((spec.chart as Status | undefined)?.spec as Status | undefined)?.sourceRef ?? spec.chartRef)
  ) as Status | undefined;
  if (!ref || !str(ref.kind) || !str(ref.name)) return undefined;
  return {
    kind: str(ref.kind)!,
    name: str(ref.name)!,
    namespace: str(ref.namespace) ?? object.metadata.namespace!,
  };
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** The Deployments, StatefulSets and DaemonSets the controller manages, from its inventory. */
export function inventoryWorkloads(kind: ControllerKind, object: KubeObject): WorkloadRef[] | undefined {
  const status = statusOf(object);
  if (kind === 'argocd') {
    const resources = status.resources as
      { group?: string; kind?: string; namespace?: string; name?: string }[] | undefined;
    if (!resources) return undefined;
    const fallback = str(((specOf(object).destination ?? {}) as Status).namespace) ?? 'default';
    return resources
      .filter((r) => (r.group ?? '') === 'apps' && WORKLOADS.has(r.kind ?? '') && r.name)
      .map((r) => ({ kind: r.kind as WorkloadKind, namespace: r.namespace || fallback, name: r.name! }));
  }
  if (kind === 'flux-kustomization') {
    const entries = ((status.inventory ?? {}) as { entries?: { id?: string }[] }).entries;
    if (!entries) return undefined;
    return entries.flatMap((entry) => {
      // id: <namespace>_<name>_<group>_<kind>
      const [namespace, name, group, workloadKind] = (entry.id ?? '').split('_');
      if (group !== 'apps' || !WORKLOADS.has(workloadKind ?? '') || !namespace || !name) return [];
      return [{ kind: workloadKind as WorkloadKind, namespace, name }];
    });
  }
  return undefined;
}

/** The namespace a HelmRelease installs into (its workloads carry `helm.toolkit.fluxcd.io/name`). */
export function helmReleaseTarget(object: KubeObject): { namespace: string; labelSelector: string } {
  const spec = specOf(object);
  return {
    namespace: str(spec.targetNamespace) ?? object.metadata.namespace!,
    labelSelector: `helm.toolkit.fluxcd.io/name=${object.metadata.name},helm.toolkit.fluxcd.io/namespace=${object.metadata.namespace}`,
  };
}

/** A branch the controller follows, when it names one (not HEAD, a tag or a commit). */
export function trackedBranch(info: SourceInfo): string | undefined {
  const branch = info.branch;
  if (!branch || branch === 'HEAD' || /^[0-9a-f]{40}$/.test(branch) || /^v?\d+\.\d+/.test(branch))
    return undefined;
  return branch.replace(/^refs\/heads\//, '');
}
