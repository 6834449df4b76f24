// Follows one deploy inside the cluster: the GitOps controller takes the bump's commit, the workloads that
// use the image roll out, and every ready pod runs the pushed digest. Watches only; the client is injected.
import { ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { retry, type Sleep } from '../lib/retry.js';
import {
  KINDS,
  SOURCE_KINDS,
  WORKLOAD_KINDS,
  type ClusterApi,
  type KubeObject,
  type ResourceType,
  type Selectors,
  type WorkloadKind,
} from './cluster.js';
import {
  CONTROLLER_LABEL,
  describeSource,
  evaluateController,
  fluxSourceRef,
  helmReleaseTarget,
  inventoryWorkloads,
  sourceOf,
  trackedBranch,
  appliedRevision,
  type ControllerRef,
  type SourceInfo,
  type SyncVerdict,
  type WorkloadRef,
} from './controllers.js';
import { isNetworkError, isRetryable, listAndWatch } from './watch.js';
import {
  describePodFailure,
  evaluatePod,
  evaluateRollout,
  selectorOf,
  templateMatch,
  type ImageTarget,
  type PodFailure,
} from './workloads.js';

export type Stage = 'started' | 'refresh-requested' | 'synced' | 'rolled-out' | 'running';

export interface TimelineEntry {
  stage: Stage;
  /** ms since the epoch. */
  at: number;
  detail: string;
}

export type FollowStatus = 'success' | 'failure' | 'error' | 'inactive';

export interface FollowResult {
  status: FollowStatus;
  /** One line: what happened. */
  reason: string;
  /** Further lines for the log and the summary (crash logs). */
  details: string[];
  /** The revision the controller applied. */
  revision?: string;
  /** Ready pods running the pushed digest. */
  pods: number;
  timeline: TimelineEntry[];
  /** When every pod ran the digest (ms since the epoch). */
  readyAt?: number;
  kubernetesCalls: number;
}

export interface FollowOptions {
  cluster: ClusterApi;
  controller: ControllerRef;
  /** The bump's merge commit in the manifests repo. */
  commit: string;
  image: ImageTarget;
  /** Workloads to follow instead of the controller's inventory. */
  workloads?: WorkloadRef[];
  /** Ask the controller to look at the repository now instead of at its next poll. */
  refresh: boolean;
  /** The manifests branch the bump merged into: a controller that follows another fails at once. */
  branch?: string;
  timeoutMs: number;
  logger: Logger;
  now?: () => number;
  sleep?: Sleep;
  /** Whether a newer deploy of this app and environment exists (its image), when the workloads moved on. */
  newerDeploy?: () => Promise<string | undefined>;
  /** Explanation used when the API server cannot be reached at all (private endpoint). */
  unreachableAdvice?: string;
  /** When, without a sync of the commit, a workload on another image is worth asking GitHub about. */
  supersedeCheckAfterMs?: number;
}

const SUPERSEDE_CHECK_AFTER_MS = 20_000;

const key = (ref: { kind: string; namespace?: string; name?: string }) =>
  `${ref.kind}/${ref.namespace}/${ref.name}`;

/** Follows the deploy until it runs, fails, is superseded or times out. */
export async function followDeploy(options: FollowOptions): Promise<FollowResult> {
  return new Follower(options).run();
}

class Follower {
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly timeline: TimelineEntry[] = [];
  private readonly watchers: Promise<void>[] = [];
  private controllerObject: KubeObject | undefined;
  private controllerSeen = false;
  private startRevision: string | undefined;
  private source: SourceInfo | undefined;
  private fatal: unknown;
  private refs: WorkloadRef[] | undefined;
  private readonly workloads = new Map<string, { kind: WorkloadKind; object: KubeObject }>();
  private readonly watchedWorkloads = new Set<string>();
  private readonly pods = new Map<string, KubeObject>();
  private readonly watchedPods = new Set<string>();
  private readonly checkedImages = new Set<string>();
  private wake: (() => void) | undefined;
  private dirty = true;
  private lastDetail = '';
  private synced: Extract<SyncVerdict, { state: 'synced' }> | undefined;
  private rolledOut = false;
  /** Workload watches whose first list has not answered yet. */
  private unlistedWorkloadWatches = 0;

  constructor(private readonly options: FollowOptions) {
    this.now = options.now ?? Date.now;
  }

  async run(): Promise<FollowResult> {
    const { controller, timeoutMs } = this.options;
    this.mark(
      'started',
      `waiting for ${CONTROLLER_LABEL[controller.kind]} ${controller.namespace}/${controller.name} to apply ${this.options.commit.slice(0, 12)}`,
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.poke();
    }, timeoutMs);
    const settle = setTimeout(
      () => this.poke(),
      this.options.supersedeCheckAfterMs ?? SUPERSEDE_CHECK_AFTER_MS,
    );
    this.watchController();
    try {
      for (;;) {
        if (!this.dirty) await new Promise<void>((resolve) => (this.wake = resolve));
        this.dirty = false;
        const result = await this.evaluate();
        if (result) return result;
        if (timedOut) return await this.timedOut();
      }
    } catch (error) {
      return this.result('error', getErrorMessage(error));
    } finally {
      clearTimeout(timer);
      clearTimeout(settle);
      this.abort.abort();
      await Promise.allSettled(this.watchers);
    }
  }

  private poke(): void {
    this.dirty = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private mark(stage: Stage, detail: string): void {
    if (this.timeline.some((entry) => entry.stage === stage)) return;
    this.timeline.push({ stage, at: this.now(), detail });
    this.options.logger.info(`${stage}: ${detail}`);
  }

  /** Watches workloads; `allWorkloadsSeen` waits for each such watch's first list. */
  private watchWorkloads(
    resource: ResourceType,
    namespace: string,
    selectors: Selectors,
    onChange: (object: KubeObject, deleted: boolean) => void,
  ): void {
    this.unlistedWorkloadWatches++;
    let listed = false;
    this.watch(resource, namespace, selectors, onChange, () => {
      if (!listed) this.unlistedWorkloadWatches--;
      listed = true;
    });
  }

  private watch(
    resource: ResourceType,
    namespace: string,
    selectors: Selectors,
    onChange: (object: KubeObject, deleted: boolean) => void,
    onList?: (items: KubeObject[]) => void,
  ): void {
    const known = new Map<string, KubeObject>();
    const id = (object: KubeObject) => `${object.metadata.namespace}/${object.metadata.name}`;
    const run = listAndWatch(
      {
        cluster: this.options.cluster,
        resource,
        namespace,
        selectors,
        signal: this.abort.signal,
        logger: this.options.logger,
        reached: () => this.controllerSeen,
        sleep: this.options.sleep,
      },
      {
        onList: (items) => {
          onList?.(items);
          // A re-list after an expired watch: what is no longer listed is gone.
          const listed = new Set(items.map(id));
          for (const [name, object] of known) if (!listed.has(name)) onChange(object, true);
          known.clear();
          for (const item of items) {
            known.set(id(item), item);
            onChange(item, false);
          }
          this.poke();
        },
        onEvent: (event) => {
          if (event.type === 'DELETED') known.delete(id(event.object));
          else known.set(id(event.object), event.object);
          onChange(event.object, event.type === 'DELETED');
          this.poke();
        },
        onFatal: (error) => {
          this.fatal ??= error;
          this.poke();
        },
      },
    );
    this.watchers.push(run);
  }

  private watchController(): void {
    const { controller } = this.options;
    const resource =
      controller.kind === 'argocd'
        ? KINDS.application
        : controller.kind === 'flux-kustomization'
          ? KINDS.kustomization
          : KINDS.helmRelease;
    this.watch(
      resource,
      controller.namespace,
      { fieldSelector: `metadata.name=${controller.name}` },
      (object, deleted) => {
        this.controllerObject = deleted ? undefined : object;
      },
      () => (this.controllerSeen = true),
    );
  }

  /** First sight of the controller: note where it stood, find its source, ask it to refresh. */
  private async onController(object: KubeObject): Promise<void> {
    const { controller, cluster, refresh } = this.options;
    this.startRevision = appliedRevision(controller.kind, object);
    let sourceObject: KubeObject | undefined;
    const sourceRef = controller.kind === 'argocd' ? undefined : fluxSourceRef(controller.kind, object);
    const sourceType = sourceRef ? SOURCE_KINDS[sourceRef.kind] : undefined;
    if (sourceRef && sourceType) {
      sourceObject = await this.call(() => cluster.get(sourceType, sourceRef.namespace, sourceRef.name));
    }
    this.source = sourceOf(controller.kind, object, sourceObject);
    if (!refresh) return;
    if (controller.kind === 'argocd') {
      await this.call(() =>
        cluster.patch(KINDS.application, controller.namespace, controller.name, {
          metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } },
        }),
      );
    } else {
      const requestedAt = new Date(this.now()).toISOString();
      const patch = { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt } } };
      if (sourceRef && sourceType)
        await this.call(() => cluster.patch(sourceType, sourceRef.namespace, sourceRef.name, patch));
      await this.call(() =>
        cluster.patch(
          controller.kind === 'flux-kustomization' ? KINDS.kustomization : KINDS.helmRelease,
          controller.namespace,
          controller.name,
          patch,
        ),
      );
    }
    this.mark(
      'refresh-requested',
      `asked ${CONTROLLER_LABEL[controller.kind]} ${controller.name} to look at the repository now`,
    );
  }

  /** A one-off request (get, patch): retried through an API server restart like the watches are. */
  private call<T>(request: () => Promise<T>): Promise<T> {
    return retry(request, {
      isRetryable: (error) => !this.abort.signal.aborted && isRetryable(error),
      maxAttempts: 6,
      baseMs: 1_000,
      maxMs: 10_000,
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      onRetry: (error, attempt) =>
        this.options.logger.warning(
          `Kubernetes request failed (${getErrorMessage(error)}); retry ${attempt}.`,
        ),
    });
  }

  private async evaluate(): Promise<FollowResult | undefined> {
    const { controller, commit, image } = this.options;
    if (this.fatal !== undefined) return this.failFatal(this.fatal);
    if (!this.controllerSeen) return undefined;
    const object = this.controllerObject;
    if (!object) {
      throw new ConfigurationError(
        `${CONTROLLER_LABEL[controller.kind]} '${controller.name}' does not exist in namespace '${controller.namespace}': check the controller inputs.`,
      );
    }
    if (this.source === undefined) await this.onController(object);
    const branch = trackedBranch(this.source!);
    if (this.options.branch && branch && branch !== this.options.branch) {
      return this.result(
        'failure',
        `${CONTROLLER_LABEL[controller.kind]} ${controller.name} follows branch '${branch}', but the bump merged into '${this.options.branch}' (${describeSource(this.source!)})`,
      );
    }
    const verdict = evaluateController(controller, object, commit, this.startRevision);
    if (verdict.state === 'synced' && !this.synced) {
      this.synced = verdict;
      this.mark(
        'synced',
        `${CONTROLLER_LABEL[controller.kind]} applied ${verdict.revision.slice(0, 40)}${verdict.exact ? '' : ' (a later commit)'}`,
      );
    }
    this.discoverWorkloads(object);

    // Pods first: a crash or a missing image says more than "Degraded".
    const relevant = [...this.workloads.values()].filter(
      (w) => templateMatch(w.object, image).match !== 'unrelated',
    );
    const podVerdicts = [...this.pods.values()]
      .map((pod) => evaluatePod(pod, image))
      .filter((p) => !p.terminating);
    const failure = podVerdicts.find((p) => p.ours && p.failure)?.failure;
    if (failure) return this.failPod(failure);
    if (verdict.state === 'failed') return this.result('failure', verdict.reason);
    const rollouts = relevant.map((w) => ({ w, verdict: evaluateRollout(w.kind, w.object) }));
    const failedRollout = rollouts.find((r) => r.verdict.state === 'failed');
    if (failedRollout?.verdict.state === 'failed')
      return this.result('failure', failedRollout.verdict.reason);

    const waiting: string[] = [];
    if (verdict.state === 'waiting') waiting.push(`${verdict.detail}; ${describeSource(this.source!)}`);
    if (
      this.refs?.length === 0 ||
      (this.refs && this.workloads.size > 0 && relevant.length === 0 && this.allWorkloadsSeen())
    ) {
      const names = this.refs.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ') || 'none';
      if (this.synced?.exact) {
        return this.result(
          'failure',
          `No workload of ${CONTROLLER_LABEL[controller.kind]} ${controller.name} uses ${image.repository} (workloads: ${names}); set the 'workloads' input`,
        );
      }
      waiting.push(`a workload that uses ${image.repository} (found: ${names})`);
    }
    if (!this.refs) waiting.push(`the workloads of ${controller.name} (no inventory yet)`);
    const missing = (this.refs ?? []).filter((ref) => !this.workloads.has(key(ref)));
    if (missing.length > 0)
      waiting.push(`${missing.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ')} to exist`);
    const foreign = relevant.filter((w) => templateMatch(w.object, image).match === 'other');
    // Running another image of the repository: a newer deploy may have taken over. Asked at once when the
    // controller applied a commit (ours or later), else only after a while, so a quick deploy costs no call.
    const settled =
      this.now() - this.timeline[0]!.at >= (this.options.supersedeCheckAfterMs ?? SUPERSEDE_CHECK_AFTER_MS);
    if ((this.synced || settled) && foreign.length > 0) {
      const other = templateMatch(foreign[0]!.object, image).image!;
      if (!this.checkedImages.has(other) && this.options.newerDeploy) {
        this.checkedImages.add(other);
        const newer = await this.options.newerDeploy();
        if (newer) return this.result('inactive', `Superseded by a newer deploy (${newer})`);
      }
      waiting.push(
        `${foreign.map((w) => `${w.kind} ${w.object.metadata.namespace}/${w.object.metadata.name}`).join(', ')} to use ${image.tag ?? image.digest} (its template has ${other})`,
      );
    }
    for (const rollout of rollouts)
      if (rollout.verdict.state === 'waiting') waiting.push(rollout.verdict.detail);
    const ourPods = podVerdicts.filter((p) => p.ours);
    const oldPods = podVerdicts.filter((p) => !p.ours);
    if (relevant.length > 0 && foreign.length === 0 && rollouts.every((r) => r.verdict.state === 'done')) {
      if (oldPods.length > 0) waiting.push(`old pods to go: ${oldPods.map((p) => p.name).join(', ')}`);
      else if (!this.rolledOut) {
        this.rolledOut = true;
        this.mark(
          'rolled-out',
          rollouts.map((r) => `${r.w.kind} ${r.w.object.metadata.name}`).join(', ') + ' rolled out',
        );
      }
    }
    const ready = ourPods.filter((p) => p.ready);
    const local = ready.find((p) => p.runningDigests.includes('local'));
    if (local) {
      return this.result(
        'failure',
        `Pod ${local.name} reports only its node's local image id, not a registry digest, so it cannot be checked against ${image.digest}: the node used a cached image (set imagePullPolicy: Always, or deploy by digest)`,
      );
    }
    const wrongDigest = ready.find((p) => p.runningDigests.some((d) => d !== image.digest));
    if (wrongDigest) {
      return this.result(
        'failure',
        `Pod ${wrongDigest.name} runs ${wrongDigest.runningDigests.find((d) => d !== image.digest)}, not the pushed ${image.digest}: the tag was pushed again, or the node used a cached image (imagePullPolicy IfNotPresent)`,
      );
    }
    const unverified = ready.filter((p) => p.runningDigests.length === 0);
    if (unverified.length > 0)
      waiting.push(`pods to report their image digest: ${unverified.map((p) => p.name).join(', ')}`);
    for (const pod of ourPods) if (!pod.ready && pod.pending) waiting.push(pod.pending);
    if (this.rolledOut && waiting.length === 0 && this.synced) {
      if (
        ready.length === 0 &&
        rollouts.some((r) => Number((r.w.object.spec as { replicas?: number }).replicas ?? 1) > 0)
      ) {
        waiting.push('a ready pod');
      } else {
        this.mark('running', `${ready.length} ready pod${ready.length === 1 ? '' : 's'} run ${image.digest}`);
        return this.result(
          'success',
          `${ready.length} pod${ready.length === 1 ? '' : 's'} run ${image.digest}`,
        );
      }
    }
    const detail = waiting.join('; ');
    if (detail !== this.lastDetail) {
      this.lastDetail = detail;
      this.options.logger.info(
        `[${Math.round((this.now() - this.timeline[0]!.at) / 1000)} s] waiting for ${detail}`,
      );
    }
    return undefined;
  }

  private allWorkloadsSeen(): boolean {
    return (
      this.unlistedWorkloadWatches === 0 && (this.refs ?? []).every((ref) => this.workloads.has(key(ref)))
    );
  }

  private discoverWorkloads(controllerObject: KubeObject): void {
    const { controller } = this.options;
    if (controller.kind === 'flux-helmrelease' && !this.options.workloads) {
      if (this.refs) return;
      this.refs = [];
      const target = helmReleaseTarget(controllerObject);
      for (const kind of Object.keys(WORKLOAD_KINDS) as WorkloadKind[]) {
        this.watchWorkloads(
          WORKLOAD_KINDS[kind],
          target.namespace,
          { labelSelector: target.labelSelector },
          (object, deleted) => this.onWorkload(kind, object, deleted, true),
        );
      }
      return;
    }
    const refs = this.options.workloads ?? inventoryWorkloads(controller.kind, controllerObject);
    if (!refs) return;
    this.refs = refs;
    const groups = new Map<string, WorkloadRef[]>();
    for (const ref of refs) {
      if (this.watchedWorkloads.has(key(ref))) continue;
      this.watchedWorkloads.add(key(ref));
      const group = `${ref.kind}/${ref.namespace}`;
      groups.set(group, [...(groups.get(group) ?? []), ref]);
    }
    for (const group of groups.values()) {
      const { kind, namespace } = group[0]!;
      const names = new Set(group.map((ref) => ref.name));
      const selectors = names.size === 1 ? { fieldSelector: `metadata.name=${group[0]!.name}` } : {};
      this.watchWorkloads(WORKLOAD_KINDS[kind], namespace, selectors, (object, deleted) => {
        if (names.has(object.metadata.name ?? '')) this.onWorkload(kind, object, deleted, false);
      });
    }
  }

  private onWorkload(kind: WorkloadKind, object: KubeObject, deleted: boolean, discovered: boolean): void {
    const id = key({ kind, namespace: object.metadata.namespace, name: object.metadata.name });
    if (deleted) {
      this.workloads.delete(id);
      return;
    }
    this.workloads.set(id, { kind, object });
    if (discovered)
      this.refs = [
        ...(this.refs ?? []).filter((r) => key(r) !== id),
        { kind, namespace: object.metadata.namespace!, name: object.metadata.name! },
      ];
    if (templateMatch(object, this.options.image).match === 'unrelated') return;
    const selector = selectorOf(object);
    const podsKey = `${object.metadata.namespace}/${selector}`;
    if (this.watchedPods.has(podsKey) || selector === '') return;
    this.watchedPods.add(podsKey);
    this.watch(KINDS.pod, object.metadata.namespace!, { labelSelector: selector }, (pod, gone) => {
      const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (gone) this.pods.delete(podKey);
      else this.pods.set(podKey, pod);
    });
  }

  private async failPod(failure: PodFailure): Promise<FollowResult> {
    const details: string[] = [];
    if (failure.crashed) {
      const pod = [...this.pods.values()].find((p) => p.metadata.name === failure.pod);
      try {
        const log = await this.options.cluster.text(KINDS.podLog, pod?.metadata.namespace, failure.pod, {
          container: failure.container,
          previous: 'true',
          tailLines: '20',
        });
        details.push(
          `Last log lines of ${failure.pod}/${failure.container}:`,
          ...log.trimEnd().split('\n').slice(-20),
        );
      } catch (error) {
        details.push(`(its logs could not be read: ${getErrorMessage(error)})`);
      }
    }
    return this.result('failure', describePodFailure(failure), details);
  }

  private failFatal(error: unknown): FollowResult {
    if (isNetworkError(error) && this.options.unreachableAdvice && !this.controllerSeen) {
      return this.result('error', `${getErrorMessage(error)}. ${this.options.unreachableAdvice}`);
    }
    return this.result('error', getErrorMessage(error));
  }

  private async timedOut(): Promise<FollowResult> {
    const newer = await this.options.newerDeploy?.();
    if (newer) return this.result('inactive', `Superseded by a newer deploy (${newer})`);
    const seconds = Math.round(this.options.timeoutMs / 1000);
    return this.result(
      'failure',
      `Timed out after ${seconds} s waiting for ${this.lastDetail || 'the API server to answer'}`,
    );
  }

  private result(status: FollowResult['status'], reason: string, details: string[] = []): FollowResult {
    const running = this.timeline.find((entry) => entry.stage === 'running');
    const pods = [...this.pods.values()]
      .map((pod) => evaluatePod(pod, this.options.image))
      .filter((p) => p.ours && p.ready && !p.terminating);
    return {
      status,
      reason,
      details,
      ...(this.synced ? { revision: this.synced.revision } : {}),
      pods: status === 'success' ? pods.length : 0,
      timeline: [...this.timeline],
      ...(running ? { readyAt: running.at } : {}),
      kubernetesCalls: this.options.cluster.totalCalls,
    };
  }
}
