/**
 * A real GitOps controller against the test control plane, reading the manifests repository over HTTP
 * from the harness git server:
 *
 * - `startArgoCd(cluster, {pollSeconds?})`: Argo CD's application-controller and repo-server (the multi-call `argocd`
 *   binary, picked with ARGOCD_BINARY_NAME) with redis (Debian's redis-server), in namespace `argocd`,
 *   with its CRDs, settings and `default` AppProject. helm and kustomize from .tools/bin are on the
 *   repo-server's PATH when provisioned. The controller runs outside the cluster, so the cluster is
 *   registered as an external one (a cluster Secret for `cluster.server`, which Applications target).
 *
 * - `startFlux(cluster)`: Flux's source-controller and kustomize-controller in `flux-system`, with their CRDs
 *   (each GitRepository's `interval` is its poll).
 *
 * The whole chain (emulator repository → bump PR → merge → controller → rollout): gitops-pipeline.ts.
 * It ends with `stop()`. A sync is requested at once with `refreshArgoApp` (annotation
 * `argocd.argoproj.io/refresh`).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeClient } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { freePort, portOpen, requireTool, ServiceProcess } from '../service-process.js';
import { CRD_ROOT, type ControlPlane } from './control-plane.js';

export const ARGOCD_TOOLS = ['argocd', 'redis-server'];
export const FLUX_TOOLS = ['source-controller', 'kustomize-controller'];

export interface GitOpsControllers {
  namespace: string;
  processes: ServiceProcess[];
  /** Output of each process, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

function controllers(namespace: string, processes: ServiceProcess[]): GitOpsControllers {
  return {
    namespace,
    processes,
    logs: () => processes.map((process) => `--- ${process.name}\n${process.log}`).join('\n'),
    async stop() {
      for (const process of [...processes].reverse()) await process.stop();
    },
  };
}

export interface ArgoCdOptions {
  /**
   * How often Argo CD looks at git on its own: the controller's resync (`timeout.reconciliation`,
   * `--app-resync`, no jitter) and the repo-server's cache of branch → commit (`--revision-cache-expiration`,
   * which otherwise answers a resync with the old commit for 3 minutes). Argo CD's default 180 s unless a test
   * or bench wants its poll shorter.
   */
  pollSeconds?: number;
}

export async function startArgoCd(
  cluster: ControlPlane,
  options: ArgoCdOptions = {},
): Promise<GitOpsControllers> {
  const pollSeconds = options.pollSeconds ?? 180;
  const namespace = 'argocd';
  const argocd = requireTool('argocd');
  const dir = join(cluster.dir, 'argocd');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  await cluster.installCrds(join(CRD_ROOT, 'argocd'));
  await cluster.namespace(namespace);
  const partOf = { 'app.kubernetes.io/part-of': 'argocd' };
  await cluster.client.create(RESOURCES.configMap, namespace, {
    metadata: { name: 'argocd-cm', labels: partOf },
    data: { 'timeout.reconciliation': `${pollSeconds}s`, 'timeout.reconciliation.jitter': '0s' },
  });
  await cluster.client.create(RESOURCES.configMap, namespace, {
    metadata: { name: 'argocd-rbac-cm', labels: partOf },
  });
  await cluster.client.create(RESOURCES.secret, namespace, {
    metadata: { name: 'argocd-secret', labels: partOf },
    stringData: { 'server.secretkey': 'test-only-secret-key' },
  });
  await cluster.client.create(RESOURCES.argoAppProject, namespace, {
    metadata: { name: 'default' },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  });

  // The controller runs outside the cluster, so the cluster is registered as Argo CD registers an external
  // one: a cluster Secret with its URL and credentials (Applications target `cluster.server`).
  const b64 = (file: string) => readFileSync(join(cluster.dir, file)).toString('base64');
  await cluster.client.create(RESOURCES.secret, namespace, {
    metadata: { name: 'test-cluster', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
    stringData: {
      name: 'test',
      server: cluster.server,
      config: JSON.stringify({
        tlsClientConfig: { caData: b64('ca.crt'), certData: b64('admin.crt'), keyData: b64('admin.key') },
      }),
    },
  });

  const processes: ServiceProcess[] = [];
  try {
    const [redisPort, repoPort, repoMetrics, controllerMetrics] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const redis = new ServiceProcess('redis-server', requireTool('redis-server'), [
      '--bind',
      '127.0.0.1',
      '--port',
      String(redisPort),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ]);
    processes.push(redis);
    await redis.waitUntil(() => portOpen(redisPort));
    const env = {
      HOME: dir,
      TMPDIR: join(dir, 'tmp'),
      ARGOCD_GPG_ENABLED: 'false',
      ARGOCD_SSH_DATA_PATH: dir,
      ARGOCD_TLS_DATA_PATH: dir,
      ARGOCD_GNUPGHOME: join(dir, 'gnupg'),
    };
    const repoServer = new ServiceProcess(
      'argocd-repo-server',
      argocd,
      [
        '--address',
        '127.0.0.1',
        '--port',
        String(repoPort),
        '--metrics-address',
        '127.0.0.1',
        '--metrics-port',
        String(repoMetrics),
        '--disable-tls',
        `--revision-cache-expiration=${pollSeconds}s`,
        '--redis',
        `127.0.0.1:${redisPort}`,
        '--loglevel',
        'warn',
      ],
      { env: { ...env, ARGOCD_BINARY_NAME: 'argocd-repo-server' } },
    );
    processes.push(repoServer);
    await repoServer.waitUntil(() => portOpen(repoPort), 60_000);
    const controller = new ServiceProcess(
      'argocd-application-controller',
      argocd,
      [
        `--kubeconfig=${cluster.kubeconfig}`,
        `--namespace=${namespace}`,
        `--repo-server=127.0.0.1:${repoPort}`,
        '--repo-server-plaintext',
        `--redis=127.0.0.1:${redisPort}`,
        `--metrics-port=${controllerMetrics}`,
        '--status-processors=2',
        '--operation-processors=2',
        `--app-resync=${pollSeconds}`,
        '--app-resync-jitter=0',
        '--loglevel=warn',
      ],
      { env: { ...env, ARGOCD_BINARY_NAME: 'argocd-application-controller' } },
    );
    processes.push(controller);
    await controller.waitUntil(() => portOpen(controllerMetrics), 60_000);
    return controllers(namespace, processes);
  } catch (error) {
    for (const process of processes.reverse()) await process.stop();
    throw error;
  }
}

export async function startFlux(cluster: ControlPlane): Promise<GitOpsControllers> {
  const namespace = 'flux-system';
  const dir = join(cluster.dir, 'flux');
  mkdirSync(join(dir, 'storage'), { recursive: true });
  await cluster.installCrds(join(CRD_ROOT, 'source-controller'));
  await cluster.installCrds(join(CRD_ROOT, 'kustomize-controller'));
  await cluster.namespace(namespace);
  const processes: ServiceProcess[] = [];
  try {
    const [storagePort, sourceHealth, sourceMetrics, kustomizeHealth, kustomizeMetrics] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const env = { KUBECONFIG: cluster.kubeconfig, RUNTIME_NAMESPACE: namespace, HOME: dir, TMPDIR: dir };
    const source = new ServiceProcess(
      'source-controller',
      requireTool('source-controller'),
      [
        `--storage-path=${join(dir, 'storage')}`,
        `--storage-addr=127.0.0.1:${storagePort}`,
        `--storage-adv-addr=127.0.0.1:${storagePort}`,
        `--health-addr=127.0.0.1:${sourceHealth}`,
        `--metrics-addr=127.0.0.1:${sourceMetrics}`,
        '--enable-leader-election=false',
        '--watch-all-namespaces=true',
        '--log-level=info',
      ],
      { env },
    );
    processes.push(source);
    await source.waitUntil(() => portOpen(storagePort), 60_000);
    const kustomize = new ServiceProcess(
      'kustomize-controller',
      requireTool('kustomize-controller'),
      [
        `--health-addr=127.0.0.1:${kustomizeHealth}`,
        `--metrics-addr=127.0.0.1:${kustomizeMetrics}`,
        '--enable-leader-election=false',
        '--watch-all-namespaces=true',
        '--log-level=info',
      ],
      { env },
    );
    processes.push(kustomize);
    await kustomize.waitUntil(() => portOpen(kustomizeHealth), 60_000);
    return controllers(namespace, processes);
  } catch (error) {
    for (const process of processes.reverse()) await process.stop();
    throw error;
  }
}

/** Asks Argo CD to compare the Application with git now (what the UI's Refresh button does). */
export async function refreshArgoApp(client: KubeClient, namespace: string, name: string): Promise<void> {
  await client.patch(RESOURCES.argoApplication, namespace, name, {
    metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } },
  });
}

/** Asks Flux to reconcile an object now (what `flux reconcile` does). */
export async function requestFluxReconcile(
  client: KubeClient,
  resource: typeof RESOURCES.fluxGitRepository | typeof RESOURCES.fluxKustomization,
  namespace: string,
  name: string,
): Promise<void> {
  await client.patch(resource, namespace, name, {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
  });
}
