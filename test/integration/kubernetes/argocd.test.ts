import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startControlPlane, KUBE_TOOLS, type ControlPlane } from '../../harness/kube/control-plane.js';
import {
  ARGOCD_TOOLS,
  refreshArgoApp,
  startArgoCd,
  type GitOpsControllers,
} from '../../harness/kube/gitops.js';
import { pushTestImage } from '../../harness/kube/images.js';
import { commitFiles, deploymentManifest, waitForRollout } from '../../harness/kube/manifests-repo.js';
import {
  SERVICE_TOOLS,
  startGitServer,
  startRegistry,
  type GitServer,
  type Registry,
} from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

describeWithTools(
  [...KUBE_TOOLS, ...ARGOCD_TOOLS, ...SERVICE_TOOLS.registry, ...SERVICE_TOOLS.git],
  'Argo CD against the test control plane',
  () => {
    let registry: Registry;
    let git: GitServer;
    let cluster: ControlPlane;
    let argocd: GitOpsControllers;
    let repoUrl: string;
    const digests: Record<string, string> = {};

    beforeAll(async () => {
      registry = await startRegistry();
      git = await startGitServer();
      digests.v1 = await pushTestImage(registry, 'team/web', 'v1');
      digests.v2 = await pushTestImage(registry, 'team/web', 'v2');
      ({ url: repoUrl } = await git.createBareRepo('acme/manifests', {
        'apps/web/deployment.yaml': deploymentManifest('web', `${registry.host}/team/web:v1`),
      }));
      cluster = await startControlPlane({ registries: [registry.host] });
      argocd = await startArgoCd(cluster);
      await cluster.namespace('shop');
    }, 180_000);
    afterAll(async () => {
      await argocd?.stop();
      await cluster?.stop();
      await git?.stop();
      await registry?.stop();
    });

    it('syncs a commit to the manifests repo, on a refresh, into a rollout on kwok nodes', async () => {
      await cluster.client.create(RESOURCES.argoApplication, 'argocd', {
        metadata: { name: 'web' },
        spec: {
          project: 'default',
          source: { repoURL: repoUrl, path: 'apps/web', targetRevision: 'main' },
          destination: { server: cluster.server, namespace: 'shop' },
          syncPolicy: { automated: { prune: true } },
        },
      });
      try {
        await waitForRollout(
          cluster.client,
          'shop',
          'web',
          `${registry.host}/team/web:v1`,
          `${registry.host}/team/web@${digests.v1}`,
          90_000,
        );
        const commit = await commitFiles(
          repoUrl,
          { 'apps/web/deployment.yaml': deploymentManifest('web', `${registry.host}/team/web:v2`) },
          'web: v2',
        );
        await refreshArgoApp(cluster.client, 'argocd', 'web');
        await waitForRollout(
          cluster.client,
          'shop',
          'web',
          `${registry.host}/team/web:v2`,
          `${registry.host}/team/web@${digests.v2}`,
          90_000,
        );
        // Argo CD reports the Application Synced at the commit, and Healthy once it has seen the rollout.
        const app = await cluster.client.waitFor(
          RESOURCES.argoApplication,
          'argocd',
          'web',
          (object) => {
            const status = object.status as
              { sync?: { revision?: string }; health?: { status?: string } } | undefined;
            return status?.sync?.revision === commit && status.health?.status === 'Healthy';
          },
          { timeoutMs: 60_000, description: `be Healthy at ${commit}` },
        );
        expect(app.status).toMatchObject({
          sync: { status: 'Synced', revision: commit },
          health: { status: 'Healthy' },
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${argocd.logs()}`);
      }
    });
  },
);
