/**
 * A real GitOps controller against the test control plane, reading the manifests repository over HTTP
 * from the harness git server:
 *
 * - `startArgoCd(cluster)`: Argo CD's application-controller and repo-server (the multi-call `argocd`
 *   binary, picked with ARGOCD_BINARY_NAME) with redis (Debian's redis-server), in namespace `argocd`,
 *   with its CRDs, settings and `default` AppProject. helm and kustomize from .tools/bin are on the
 *   repo-server's PATH when provisioned. The controller runs outside the cluster, so the cluster is
 *   registered as an external one (a cluster Secret for `cluster.server`, which Applications target).
 *
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

export async function startArgoCd(cluster: ControlPlane): Promise<GitOpsControllers> {
  const namespace = 'argocd';
  const argocd = requireTool('argocd');
  const dir = join(cluster.dir, 'argocd');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  await cluster.installCrds(join(CRD_ROOT, 'argocd'));
  await cluster.namespace(namespace);
  const partOf = { 'app.kubernetes.io/part-of': 'argocd' };
  await cluster.client.create(RESOURCES.configMap, namespace, {
    metadata: { name: 'argocd-cm', labels: partOf },
    data: { 'timeout.reconciliation': '180s' },
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
        '--app-resync=180',
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

/** Asks Argo CD to compare the Application with git now (what the UI's Refresh button does). */
export async function refreshArgoApp(client: KubeClient, namespace: string, name: string): Promise<void> {
  await client.patch(RESOURCES.argoApplication, namespace, name, {
    metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } },
  });
}
