// Real Flux (source-controller, kustomize-controller) against the test control plane, reading the manifests
// repository from the GitHub API emulator through the harness git server: a merged bump PR, a reconcile
// request, the rollout on kwok nodes.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import {
  pipelineTools,
  startGitOpsPipeline,
  type GitOpsPipeline,
} from '../../harness/kube/gitops-pipeline.js';
import { waitForRollout } from '../../harness/kube/manifests-repo.js';
import { describeWithTools } from '../../harness/tools.js';

describeWithTools(pipelineTools('flux'), 'Flux against the test control plane', () => {
  let pipeline: GitOpsPipeline;

  beforeAll(async () => {
    pipeline = await startGitOpsPipeline({ controller: 'flux' });
  }, 240_000);
  afterAll(() => pipeline?.stop());

  it('applies a bump merged in the emulator, on a reconcile request, as a rollout on kwok nodes', async () => {
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
      const kustomization = await cluster.client.get(
        RESOURCES.fluxKustomization,
        controllers.namespace,
        'web',
      );
      expect((kustomization.status as { lastAppliedRevision?: string }).lastAppliedRevision).toBe(
        `main@sha1:${bump.mergeCommit}`,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${pipeline.logs()}`);
    }
  });
});
