// The follower against the real test API server on EKS credentials: kube-controller-manager rolls
// Deployments out, kwok nodes run the pods (imageID from the test registry), RBAC is on, and bearer tokens go
// through the EKS token webhook against moto. The test plays the GitOps controller's part (it applies the
// Deployment and writes the Application status as Argo CD does), for what a real controller adds nothing
// to: EKS tokens and the README's RBAC, a token expiring mid-wait, the API server going away, a missing
// RBAC rule. Every other case (missing image, crash loop, a rollout that never completes, another branch,
// a superseding deploy) runs with real Argo CD and Flux: kubernetes/argocd.test.ts, kubernetes/flux.test.ts.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { parse } from 'yaml';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { fromWebToken } from '@aws-sdk/credential-provider-web-identity';
import { deployStatus } from '../../../src/deploy-status/deploy-status.js';
import { followDeploy, type FollowOptions } from '../../../src/deploy-status/follow.js';
import { GitHubDeploymentReporter } from '../../../src/deploy-status/github-deployment.js';
import { createGitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import type { KubeObject } from '../../../src/kubernetes/client.js';
import { connectToEks, sdkDescribeCluster } from '../../../src/kubernetes/eks.js';
import type { SigningCredentials } from '../../../src/kubernetes/eks-token.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startGitHubEmulator } from '../../harness/github/index.js';
import { KUBE_TOOLS, startControlPlane, type ControlPlane } from '../../harness/kube/control-plane.js';
import { startEksAuthenticator, type EksAuthenticator } from '../../harness/kube/eks-authenticator.js';
import { pushTestImage } from '../../harness/kube/images.js';
import { startScene, type Scene, type WorkloadOptions } from './scene.js';
import {
  freePort,
  SERVICE_TOOLS,
  startMoto,
  startRegistry,
  unsignedJwt,
  type Moto,
  type Registry,
} from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

const CLUSTER = 'dev';
const GROUP = 'platform-actions:deploy-status';

/** A TCP proxy in front of the API server whose outage() drops every connection and refuses new ones. */
async function startProxy(
  target: string,
): Promise<{ url: string; outage(ms: number): Promise<void>; stop(): Promise<void> }> {
  const { hostname, port: targetPort } = new URL(target);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((socket) => {
        const upstream = tcpConnect(Number(targetPort), hostname);
        for (const s of [socket, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        socket.pipe(upstream).pipe(socket);
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  await listen();
  return {
    url: `https://127.0.0.1:${port}`,
    async outage(ms) {
      await close();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await listen();
    },
    stop: close,
  };
}

describeWithTools(
  [...KUBE_TOOLS, ...SERVICE_TOOLS.registry, ...SERVICE_TOOLS.moto],
  'deploy-status follower on the real test API server',
  () => {
    let registry: Registry;
    let moto: Moto;
    let authenticator: EksAuthenticator;
    let cluster: ControlPlane;
    let credentials: SigningCredentials;
    let scene: Scene;
    let roleArn: string;
    const digests: Record<string, string> = {};
    let offsetMs = 0;
    const clock = () => new Date(Date.now() + offsetMs);
    const image = (tag: string) => `${registry.host}/team/web:${tag}`;

    beforeAll(async () => {
      registry = await startRegistry();
      for (const tag of ['v1', 'v2', 'v3']) digests[tag] = await pushTestImage(registry, 'team/web', tag);
      moto = await startMoto();
      roleArn = `arn:aws:iam::${moto.accountId}:role/deploy`;
      authenticator = await startEksAuthenticator({
        clusterId: CLUSTER,
        stsEndpoint: moto.endpoint,
        mapRoles: [{ rolearn: roleArn, username: 'deployer:{{SessionName}}', groups: [GROUP] }],
        clock,
      });
      cluster = await startControlPlane({
        registries: [registry.host],
        tokenWebhook: { url: authenticator.url },
      });
      scene = await startScene(cluster);
      // The README's RBAC, bound to the group the role's access entry gives.
      const readme = readFileSync(
        new URL('../../../actions/deploy-status/README.md', import.meta.url),
        'utf8',
      );
      const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1]!)
        .find((text) => text.includes('kind: ClusterRole'))!;
      for (const object of block.split(/^---$/m).map((text) => parse(text) as KubeObject)) {
        await cluster.client.create(
          object.kind === 'ClusterRole' ? RESOURCES.clusterRole : RESOURCES.clusterRoleBinding,
          undefined,
          object,
        );
      }
      await new EKSClient({
        region: moto.region,
        endpoint: moto.endpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      }).send(
        new CreateClusterCommand({
          name: CLUSTER,
          roleArn: `arn:aws:iam::${moto.accountId}:role/eks`,
          resourcesVpcConfig: { subnetIds: [] },
        }),
      );
      const assumed = await fromWebToken({
        roleArn,
        roleSessionName: 'deploy-status',
        webIdentityToken: unsignedJwt({ sub: 'repo:acme/web:ref:refs/heads/main', aud: 'sts.amazonaws.com' }),
        clientConfig: { region: moto.region, endpoint: moto.endpoint },
      })();
      credentials = {
        accessKeyId: assumed.accessKeyId,
        secretAccessKey: assumed.secretAccessKey,
        sessionToken: assumed.sessionToken,
      };
    }, 240_000);
    afterAll(async () => {
      await cluster?.stop();
      await authenticator?.stop();
      await moto?.stop();
      await registry?.stop();
    });

    /** A client the way the action makes one on EKS: DescribeCluster (moto), k8s-aws-v1 tokens, README RBAC. */
    const eksClient = (server = cluster.server) =>
      connectToEks({
        clusterName: CLUSTER,
        region: moto.region,
        credentials: async () => credentials,
        describeCluster: sdkDescribeCluster({
          region: moto.region,
          credentials: async () => credentials,
          endpoint: moto.endpoint,
        }),
        endpointOverride: server,
        caOverride: cluster.ca,
        clock,
      });

    const app = (name: string, options: { branch?: string } = {}) => scene.app(name, image('v1'), options);
    const sync = (name: string, commit: string, tag: string, options: WorkloadOptions = {}) =>
      scene.sync(name, commit, image(tag), options);
    const onRefresh = (name: string, act: () => Promise<void>) => scene.onRefresh(name, act);

    async function follow(name: string, commit: string, tag: string, overrides: Partial<FollowOptions> = {}) {
      return followDeploy({
        cluster: await eksClient(),
        controller: { kind: 'argocd', namespace: 'argocd', name },
        commit,
        image: {
          repository: `${registry.host}/team/web`,
          tag,
          digest: digests[tag] ?? 'sha256:' + '0'.repeat(64),
        },
        refresh: true,
        branch: 'main',
        timeoutMs: 90_000,
        logger: createMemoryLogger(),
        ...overrides,
      });
    }

    const commitOf = (n: number) => String(n).repeat(40).slice(0, 40);

    it('success on EKS credentials and the README RBAC: a real rollout, every pod on the digest, GitHub Deployment in ≤ 4 calls', async () => {
      await app('ok');
      const github = await startGitHubEmulator();
      try {
        github.state.createRepo('acme/web');
        const reporter = new GitHubDeploymentReporter(
          createGitHubClient({ token: github.token, apiUrl: github.apiUrl, graphqlUrl: github.graphqlUrl }),
          {
            owner: 'acme',
            repo: 'web',
            ref: github.state.getBranchSha('acme/web', 'main')!,
            environment: 'dev',
            app: 'ok',
            image: image('v2'),
            digest: digests.v2!,
          },
        );
        const client = await eksClient();
        const running = deployStatus({
          cluster: client,
          controller: { kind: 'argocd', namespace: 'argocd', name: 'ok' },
          commit: commitOf(2),
          image: { repository: `${registry.host}/team/web`, tag: 'v2', digest: digests.v2! },
          refresh: true,
          branch: 'main',
          timeoutMs: 90_000,
          logger: createMemoryLogger(),
          reporter,
        });
        await onRefresh('ok', () => sync('ok', commitOf(2), 'v2'));
        const result = await running;
        expect(result).toMatchObject({ status: 'success', pods: 2, revision: commitOf(2) });
        expect(result.timeline.map((e) => e.stage)).toEqual([
          'started',
          'refresh-requested',
          'synced',
          'rolled-out',
          'running',
        ]);
        expect(result.kubernetesCalls).toBe(client.totalCalls);
        expect(result.kubernetesCalls).toBeLessThanOrEqual(30);
        expect(github.calls.count()).toBeLessThanOrEqual(4);
        const pods = await cluster.client.list(RESOURCES.pod, 'ok', { labelSelector: 'app=ok' });
        const ids = pods.items.flatMap((p) =>
          ((p.status as { containerStatuses?: { imageID: string }[] }).containerStatuses ?? []).map(
            (c) => c.imageID,
          ),
        );
        expect(ids.filter((id) => id.endsWith(digests.v2!)).length).toBe(2);
      } finally {
        await github.stop();
      }
    });

    it('missing RBAC: a clear Forbidden, status error', async () => {
      await app('rbac');
      const result = await follow('rbac', commitOf(7), 'v2', {
        cluster: cluster.clientFor('nobody', ['nobodies']),
      });
      expect(result.status).toBe('error');
      expect(result.reason).toMatch(
        /^Kubernetes refused to list applications \(API group 'argoproj\.io'\) in namespace 'argocd'.*verbs: \["list"\]/,
      );
    });

    it('a token expiring mid-wait is renewed and the follow goes on', async () => {
      await app('renew');
      const reviewed = authenticator.reviews.length;
      const client = await eksClient();
      const running = follow('renew', commitOf(8), 'v2', { cluster: client });
      await onRefresh('renew', async () => {
        // 15 minutes pass for the token signer and the webhook: the first token is no longer valid.
        offsetMs = 15 * 60_000 + 5_000;
        await sync('renew', commitOf(8), 'v2');
      });
      const result = await running;
      offsetMs = 0;
      expect(result.status).toBe('success');
      const reviews = authenticator.reviews.slice(reviewed);
      expect(reviews.filter((r) => !r.authenticated)).toEqual([]);
      expect(reviews.filter((r) => r.authenticated).length).toBeGreaterThanOrEqual(2);
    });

    it('the API server going away mid-wait: the watches resume and the follow succeeds', async () => {
      await app('restart');
      const proxy = await startProxy(cluster.server);
      try {
        const logger = createMemoryLogger();
        const running = follow('restart', commitOf(9), 'v2', { cluster: await eksClient(proxy.url), logger });
        await onRefresh('restart', async () => {
          await proxy.outage(3_000);
          await sync('restart', commitOf(9), 'v2');
        });
        const result = await running;
        expect(result).toMatchObject({ status: 'success' });
        expect(logger.lines.some((line) => /interrupted .*resuming/.test(line))).toBe(true);
      } finally {
        await proxy.stop();
      }
    });
  },
);
