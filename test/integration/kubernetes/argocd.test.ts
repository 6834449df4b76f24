// Real Argo CD against the test control plane, reading the manifests repository from the GitHub API
// emulator through the harness git server: a merged bump PR, a refresh, the rollout on kwok nodes.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import {
  pipelineTools,
  startGitOpsPipeline,
  type GitOpsPipeline,
} from '../../harness/kube/gitops-pipeline.js';
import { waitForRollout } from '../../harness/kube/manifests-repo.js';
import { describeWithTools } from '../../harness/tools.js';

describeWithTools(pipelineTools('argocd'), 'Argo CD against the test control plane', () => {
  let pipeline: GitOpsPipeline;

  beforeAll(async () => {
    pipeline = await startGitOpsPipeline({ controller: 'argocd' });
  }, 240_000);
  afterAll(() => pipeline?.stop());

  it('syncs a bump merged in the emulator, on a refresh, into a rollout on kwok nodes', async () => {
    const { cluster, controllers } = pipeline;
    try {
      await pipeline.addApp('web');
      const bump = await pipeline.bump('web', 'v2');
      await pipeline.refresh('web');
      await waitForRollout(
        cluster.client,
        'web',
        'web',
        pipeline.image('v2'),
        `${pipeline.repository}@${pipeline.digests.v2}`,
        90_000,
      );
      // Argo CD reports the Application Synced at the merge commit, and Healthy once it has seen the rollout.
      const app = await cluster.client.waitFor(
        RESOURCES.argoApplication,
        controllers.namespace,
        'web',
        (object) => {
          const status = object.status as
            { sync?: { revision?: string }; health?: { status?: string } } | undefined;
          return status?.sync?.revision === bump.mergeCommit && status.health?.status === 'Healthy';
        },
        { timeoutMs: 60_000, description: `be Healthy at ${bump.mergeCommit}` },
      );
      expect(app.status).toMatchObject({
        sync: { status: 'Synced', revision: bump.mergeCommit },
        health: { status: 'Healthy' },
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${pipeline.logs()}`);
    }
  });
});
