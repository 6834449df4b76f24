/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver (RBAC on), kube-controller-manager,
 * kube-scheduler and kwok as the kubelet of fake nodes, each on free 127.0.0.1 ports, with certificates
 * made for the run in a temp dir. `stop()` ends every process and removes the dir.
 *
 *   const cluster = await startControlPlane({ registries: [registry.host] });
 *   await cluster.client.create(RESOURCES.deployment, 'default', {...});
 *   await cluster.stop();
 *
 * - `client` is a cluster-admin KubeClient (client certificate, group system:masters).
 * - `clientFor(user, groups)` is a KubeClient for a user with a client certificate (RBAC applies).
 * - `applyStages(...)`/`deleteStages(...)` set kwok Stages (stages.ts) for one test.
 * - `installCrds(dir)` applies CustomResourceDefinition files and waits until they are served.
 * - `tokenWebhook`: when given, bearer tokens are checked by that webhook (authentication.k8s.io/v1
 *   TokenReview), as EKS checks its `k8s-aws-v1.` tokens.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeClient, KubernetesApiError, type KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES, type ResourceType } from '../../../src/kubernetes/resources.js';
import { freePort, removeDir, requireTool, ServiceProcess, tempDir } from '../service-process.js';
import { TOOLS_BIN } from '../tool-path.js';
import { CertificateAuthority, writeKubeconfig, type KeyPair } from './certs.js';
import { startImagePuller, type ImagePuller } from './image-puller.js';
import { defaultStages } from './stages.js';

export const KUBE_TOOLS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  'openssl',
];

/** Where scripts/provision puts the CRDs of kwok, Argo CD and Flux. */
export const CRD_ROOT = join(TOOLS_BIN, '..', 'share', 'crds');

export const STAGE: ResourceType = {
  group: 'kwok.x-k8s.io',
  version: 'v1alpha1',
  resource: 'stages',
  kind: 'Stage',
  namespaced: false,
};

export interface ControlPlane {
  /** `https://127.0.0.1:PORT`. */
  server: string;
  /** PEM of the cluster CA (the API server's certificate chains to it). */
  ca: string;
  caFile: string;
  /** kubeconfig of the cluster admin. */
  kubeconfig: string;
  client: KubeClient;
  dir: string;
  nodes: string[];
  clientFor(user: string, groups?: string[]): KubeClient;
  /** A kubeconfig file for a user's client certificate. */
  kubeconfigFor(user: string, groups?: string[]): string;
  applyStages(...stages: KubeObject[]): Promise<void>;
  deleteStages(...names: string[]): Promise<void>;
  installCrds(dir: string): Promise<void>;
  /** Creates the namespace unless it exists. */
  namespace(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Hosts (`127.0.0.1:PORT`) whose images the fake kubelets can pull. */
  registries?: string[];
  nodes?: number;
  /** Bearer tokens are checked by this TokenReview webhook. */
  tokenWebhook?: { url: string };
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const dir = tempDir('kube');
  const processes: ServiceProcess[] = [];
  let puller: ImagePuller | undefined;
  const stop = async () => {
    await puller?.stop();
    for (const process of processes.reverse()) await process.stop();
    removeDir(dir);
  };
  try {
    // etcd needs no certificate: it starts while openssl makes the run's certificates.
    const [etcdClient, etcdPeer, apiPort, kwokPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const etcd = new ServiceProcess('etcd', requireTool('etcd'), [
      '--name=test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    processes.push(etcd);
    const authority = new CertificateAuthority(dir);
    const serving = authority.issue('apiserver', { cn: 'kube-apiserver', serving: true });
    const admin = authority.issue('admin', { cn: 'test-admin', groups: ['system:masters'] });
    const serviceAccount = authority.serviceAccountKey();
    const server = `https://127.0.0.1:${apiPort}`;
    const adminKubeconfig = writeKubeconfig(
      join(dir, 'admin.kubeconfig'),
      server,
      authority.ca.certFile,
      admin,
    );
    await etcd.waitUntil(async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok);

    const apiArgs = [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver')}`,
      `--tls-cert-file=${serving.certFile}`,
      `--tls-private-key-file=${serving.keyFile}`,
      `--client-ca-file=${authority.ca.certFile}`,
      `--service-account-key-file=${serviceAccount.publicFile}`,
      `--service-account-signing-key-file=${serviceAccount.keyFile}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.96.0.0/16',
      '--authorization-mode=RBAC',
      '--anonymous-auth=false',
      '--profiling=false',
      '--enable-priority-and-fairness=false',
      // kwok's nodes serve logs on 127.0.0.1 (their InternalIP) with a self-signed certificate.
      '--kubelet-preferred-address-types=InternalIP',
      '--watch-cache=true',
      '--v=0',
    ];
    if (options.tokenWebhook) {
      const webhookConfig = join(dir, 'token-webhook.kubeconfig');
      writeFileSync(
        webhookConfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          '- name: authenticator',
          '  cluster:',
          `    server: ${options.tokenWebhook.url}`,
          'users:',
          '- name: apiserver',
          'contexts:',
          '- name: webhook',
          '  context: {cluster: authenticator, user: apiserver}',
          'current-context: webhook',
          '',
        ].join('\n'),
      );
      apiArgs.push(
        `--authentication-token-webhook-config-file=${webhookConfig}`,
        '--authentication-token-webhook-version=v1',
        '--authentication-token-webhook-cache-ttl=0s',
      );
    }
    const apiserver = new ServiceProcess('kube-apiserver', requireTool('kube-apiserver'), apiArgs);
    processes.push(apiserver);
    const client = adminClient(server, authority.ca.cert, admin);
    await apiserver.waitUntil(() => readyz(client), 90_000);

    const controllerManager = new ServiceProcess(
      'kube-controller-manager',
      requireTool('kube-controller-manager'),
      [
        `--kubeconfig=${adminKubeconfig}`,
        '--leader-elect=false',
        '--secure-port=0',
        `--service-account-private-key-file=${serviceAccount.keyFile}`,
        `--root-ca-file=${authority.ca.certFile}`,
        `--cluster-signing-cert-file=${authority.ca.certFile}`,
        `--cluster-signing-key-file=${authority.ca.keyFile}`,
        '--use-service-account-credentials=false',
        '--concurrent-deployment-syncs=5',
        '--v=0',
      ],
    );
    processes.push(controllerManager);
    const scheduler = new ServiceProcess('kube-scheduler', requireTool('kube-scheduler'), [
      `--kubeconfig=${adminKubeconfig}`,
      '--leader-elect=false',
      '--secure-port=0',
      '--v=0',
    ]);
    processes.push(scheduler);

    const nodeStagesDir = join(CRD_ROOT, '..', 'kwok-stages');
    const nodeStages = readdirSync(nodeStagesDir).flatMap((file) =>
      parseAllDocuments(readFileSync(join(nodeStagesDir, file), 'utf8'))
        .map((document) => document.toJS() as KubeObject | null)
        .filter((object): object is KubeObject => object?.kind === 'Stage'),
    );
    await installCrdFiles(client, [
      join(CRD_ROOT, 'kwok', 'kwok.x-k8s.io_stages.yaml'),
      join(CRD_ROOT, 'kwok', 'kwok.x-k8s.io_logs.yaml'),
    ]);
    await Promise.all(
      [...defaultStages(), ...nodeStages].map((object) => client.create(STAGE, undefined, object)),
    );
    const kwokConfig = join(dir, 'kwok.yaml');
    writeFileSync(
      kwokConfig,
      JSON.stringify({
        apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
        kind: 'KwokConfiguration',
        options: {
          enableCRDs: ['Stage', 'Logs'],
          manageAllNodes: false,
          manageNodesWithLabelSelector: 'type=kwok',
          nodeIP: '127.0.0.1',
          nodePort: kwokPort,
          serverAddress: `127.0.0.1:${kwokPort}`,
          cidr: '10.244.0.0/16',
          // A configuration file gets no defaults for these: kwok refuses to start without them.
          podPlayStageParallelism: 4,
          nodePlayStageParallelism: 4,
          nodeLeaseDurationSeconds: 40,
          nodeLeaseParallelism: 4,
          podsOnNodeSyncParallelism: 1,
          enablePodsOnNodeSyncListPager: true,
          enablePodsOnNodeSyncStreamWatch: false,
          enableDebuggingHandlers: true,
        },
      }),
    );
    const kwok = new ServiceProcess('kwok', requireTool('kwok'), [
      `--kubeconfig=${adminKubeconfig}`,
      `--config=${kwokConfig}`,
    ]);
    processes.push(kwok);

    const nodes = Array.from({ length: options.nodes ?? 2 }, (_, i) => `kwok-node-${i}`);
    await Promise.all(
      nodes.map((name) =>
        client.create(RESOURCES.node, undefined, {
          metadata: {
            name,
            labels: { type: 'kwok', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
            annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
          },
          spec: {},
        }),
      ),
    );
    await Promise.all([
      ...nodes.map((name) =>
        kwokReady(kwok, () =>
          client.waitFor(RESOURCES.node, undefined, name, nodeReady, {
            timeoutMs: 30_000,
            description: 'be Ready',
          }),
        ),
      ),
      // The default ServiceAccount the pods of a namespace run as (made by the controller-manager).
      client.waitFor(RESOURCES.serviceAccount, 'default', 'default', () => true, { timeoutMs: 30_000 }),
    ]);
    puller = startImagePuller(client, () => options.registries ?? []);

    const issued = new Map<string, KeyPair>();
    const certFor = (user: string, groups: string[]) => {
      const key = `${user}\n${groups.join(',')}`;
      let pair = issued.get(key);
      if (!pair) {
        pair = authority.issue(`user-${issued.size}`, { cn: user, groups });
        issued.set(key, pair);
      }
      return pair;
    };
    return {
      server,
      ca: authority.ca.cert,
      caFile: authority.ca.certFile,
      kubeconfig: adminKubeconfig,
      client,
      dir,
      nodes,
      clientFor: (user, groups = []) => {
        const pair = certFor(user, groups);
        return new KubeClient({
          server,
          ca: authority.ca.cert,
          auth: { clientCertificate: pair.cert, clientKey: pair.key },
          identity: user,
        });
      },
      kubeconfigFor: (user, groups = []) =>
        writeKubeconfig(
          join(dir, `${user.replace(/[^\w.-]/g, '_')}.kubeconfig`),
          server,
          authority.ca.certFile,
          certFor(user, groups),
        ),
      async applyStages(...stages) {
        for (const object of stages) {
          await client.delete(STAGE, undefined, object.metadata.name ?? '');
          await client.create(STAGE, undefined, object);
        }
      },
      async deleteStages(...names) {
        for (const name of names) await client.delete(STAGE, undefined, name);
      },
      async installCrds(crdDir) {
        await installCrdFiles(
          client,
          readdirSync(crdDir)
            .filter((file) => file.endsWith('.yaml'))
            .map((file) => join(crdDir, file)),
        );
      },
      async namespace(name) {
        try {
          await client.create(RESOURCES.namespace, undefined, { metadata: { name } });
        } catch (error) {
          if (!(error instanceof KubernetesApiError && error.status === 409)) throw error;
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function adminClient(server: string, ca: string, admin: KeyPair): KubeClient {
  return new KubeClient({
    server,
    ca,
    auth: { clientCertificate: admin.cert, clientKey: admin.key },
    identity: 'test-admin',
  });
}

async function readyz(client: KubeClient): Promise<boolean> {
  try {
    return (await client.raw('/readyz')).trim() === 'ok';
  } catch {
    return false;
  }
}

function nodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

async function kwokReady<T>(kwok: ServiceProcess, wait: () => Promise<T>): Promise<T> {
  try {
    return await wait();
  } catch (error) {
    throw new Error(`${(error as Error).message}\nkwok output:\n${kwok.log}`);
  }
}

/** Creates each CustomResourceDefinition (or leaves an existing one) and waits until it is Established. */
export async function installCrdFiles(client: KubeClient, files: string[]): Promise<void> {
  const names: string[] = [];
  for (const file of files) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const object = document.toJS() as KubeObject | null;
      if (!object || object.kind !== 'CustomResourceDefinition') continue;
      try {
        await client.create(RESOURCES.customResourceDefinition, undefined, object);
      } catch (error) {
        if (!(error instanceof KubernetesApiError && error.status === 409)) throw error;
      }
      names.push(object.metadata.name ?? '');
    }
  }
  await Promise.all(
    names.map((name) =>
      client.waitFor(
        RESOURCES.customResourceDefinition,
        undefined,
        name,
        (crd) =>
          (
            (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []
          ).some((condition) => condition.type === 'Established' && condition.status === 'True'),
        { timeoutMs: 30_000, description: 'be Established' },
      ),
    ),
  );
}
