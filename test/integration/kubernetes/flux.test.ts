import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startControlPlane, KUBE_TOOLS, type ControlPlane } from '../../harness/kube/control-plane.js';
import {
  FLUX_TOOLS,
  requestFluxReconcile,
  startFlux,
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
  [...KUBE_TOOLS, ...FLUX_TOOLS, ...SERVICE_TOOLS.registry, ...SERVICE_TOOLS.git],
  'Flux against the test control plane',
  () => {
    let registry: Registry;
    let git: GitServer;
    let cluster: ControlPlane;
    let flux: GitOpsControllers;
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
      flux = await startFlux(cluster);
      await cluster.namespace('shop');
    }, 180_000);
    afterAll(async () => {
      await flux?.stop();
      await cluster?.stop();
      await git?.stop();
      await registry?.stop();
    });

    it('applies a commit to the manifests repo, on a reconcile request, as a rollout on kwok nodes', async () => {
      await cluster.client.create(RESOURCES.fluxGitRepository, 'flux-system', {
        metadata: { name: 'manifests' },
        spec: { url: repoUrl, ref: { branch: 'main' }, interval: '10m' },
      });
      await cluster.client.create(RESOURCES.fluxKustomization, 'flux-system', {
        metadata: { name: 'web' },
        spec: {
          sourceRef: { kind: 'GitRepository', name: 'manifests' },
          path: './apps/web',
          prune: true,
          targetNamespace: 'shop',
          interval: '10m',
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
        await requestFluxReconcile(cluster.client, RESOURCES.fluxGitRepository, 'flux-system', 'manifests');
        await waitForRollout(
          cluster.client,
          'shop',
          'web',
          `${registry.host}/team/web:v2`,
          `${registry.host}/team/web@${digests.v2}`,
          90_000,
        );
        const kustomization = await cluster.client.get(RESOURCES.fluxKustomization, 'flux-system', 'web');
        expect((kustomization.status as { lastAppliedRevision?: string }).lastAppliedRevision).toBe(
          `main@sha1:${commit}`,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${flux.logs()}`);
      }
    });
  },
);
