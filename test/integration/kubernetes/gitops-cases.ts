// The GitOps suites (argocd.test.ts, flux.test.ts), one control plane and one real controller each: the
// manifests repository in the GitHub API emulator, a bump PR opened by the update-image-tag bundle and
// auto-merged, Argo CD or Flux fetching the merge commit from the harness git server and applying it to the
// test control plane. First the controller's own loop, then deploy-status's domain function following each
// deploy to pods on the digest, reported as a GitHub Deployment on the app repository. Nothing here plays
// the controller (deploy-status/scene.ts does that for the EKS token, restart and RBAC cases in
// deploy-status/api-server.test.ts).
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import type { KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import {
  APP_REPO,
  CRASH_EXIT_CODE,
  ENVIRONMENT,
  pipelineTools,
  startGitOpsPipeline,
  type Deploy,
  type GitOpsKind,
  type GitOpsPipeline,
} from '../../harness/kube/gitops-pipeline.js';
import { waitForRollout } from '../../harness/kube/manifests-repo.js';
import { describeWithTools } from '../../harness/tools.js';

const LABEL: Record<GitOpsKind, string> = { argocd: 'Argo CD', flux: 'Flux' };

export function describeGitOpsPipeline(kind: GitOpsKind): void {
  describeWithTools(
    pipelineTools(kind),
    `${LABEL[kind]} against the test control plane, and deploy-status following it: emulator repo → bump PR → merge → sync → pods on the digest`,
    () => {
      let pipeline: GitOpsPipeline;
      beforeAll(async () => {
        pipeline = await startGitOpsPipeline({ controller: kind });
      }, 300_000);
      afterAll(() => pipeline?.stop());

      /** The test's body, with the controllers' output appended when it fails. */
      const withLogs = async (body: () => Promise<void>) => {
        try {
          await body();
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${pipeline.logs()}`);
        }
      };
      const statesOf = (deploy: Deploy) =>
        pipeline.github.state
          .repo(APP_REPO)
          .deployments.get(deploy.reporter.deploymentId!)!
          .statuses.map((status) => status.state);

      it('the controller alone: a bump merged in the emulator, a refresh, the rollout on kwok nodes, the merge commit reported', () =>
        withLogs(async () => {
          const { cluster, controllers } = pipeline;
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
          if (kind === 'argocd') {
            // Synced at the merge commit, and Healthy once Argo CD has seen the rollout.
            const app = await cluster.client.waitFor(
              RESOURCES.argoApplication,
              controllers.namespace,
              'web',
              (object: KubeObject) => {
                const status = object.status as
                  { sync?: { status?: string; revision?: string }; health?: { status?: string } } | undefined;
                // Argo CD compares before and after it syncs: OutOfSync at the commit is a step on the way.
                return (
                  status?.sync?.revision === bump.mergeCommit &&
                  status.sync.status === 'Synced' &&
                  status.health?.status === 'Healthy'
                );
              },
              { timeoutMs: 60_000, description: `be Synced and Healthy at ${bump.mergeCommit}` },
            );
            expect(app.status).toMatchObject({
              sync: { status: 'Synced', revision: bump.mergeCommit },
              health: { status: 'Healthy' },
            });
          } else {
            const kustomization = await cluster.client.get(
              RESOURCES.fluxKustomization,
              controllers.namespace,
              'web',
            );
            expect((kustomization.status as { lastAppliedRevision?: string }).lastAppliedRevision).toBe(
              `main@sha1:${bump.mergeCommit}`,
            );
          }
        }));

      it('success: synced at the merge commit, rolled out, every pod on the digest, in ≤ 30 Kubernetes and ≤ 4 GitHub calls', () =>
        withLogs(async () => {
          const { github, cluster } = pipeline;
          await pipeline.addApp('ok');
          const bump = await pipeline.bump('ok', 'v2');
          github.calls.reset();
          const deploy = await pipeline.deploy('ok', bump, { tag: 'v2' });
          const { result } = deploy;
          expect(result).toMatchObject({ status: 'success', pods: 2 });
          expect(result.revision).toContain(bump.mergeCommit);
          expect(result.timeline.map((entry) => entry.stage)).toEqual([
            'started',
            'refresh-requested',
            'synced',
            'rolled-out',
            'running',
          ]);
          expect(result.kubernetesCalls).toBe(deploy.client.totalCalls);
          expect(result.kubernetesCalls).toBeLessThanOrEqual(30);
          expect(github.calls.count()).toBe(result.githubCalls);
          expect(result.githubCalls).toBeLessThanOrEqual(4);
          const pods = await cluster.client.list(RESOURCES.pod, 'ok', { labelSelector: 'app=ok' });
          const ids = pods.items
            .filter((pod) => !pod.metadata.deletionTimestamp)
            .flatMap((pod) =>
              ((pod.status as { containerStatuses?: { imageID: string }[] }).containerStatuses ?? []).map(
                (container) => container.imageID,
              ),
            );
          expect(ids).toEqual([
            `${pipeline.repository}@${pipeline.digests.v2}`,
            `${pipeline.repository}@${pipeline.digests.v2}`,
          ]);
          // The GitHub Deployment on the app repository: the app commit, the image, the bump PR.
          const deployment = github.state.repo(APP_REPO).deployments.get(deploy.reporter.deploymentId!)!;
          expect(deployment).toMatchObject({
            sha: github.state.getBranchSha(APP_REPO, 'main'),
            environment: ENVIRONMENT,
            payload: {
              app: 'ok',
              image: pipeline.image('v2'),
              digest: pipeline.digests.v2,
              'pull-request-url': bump.url,
            },
          });
          expect(deployment.statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
          expect(deployment.statuses[1]).toMatchObject({
            environmentUrl: `https://ok.${ENVIRONMENT}.example.com`,
            logUrl: `https://github.com/${APP_REPO}/actions/runs/7`,
          });
          github.expectNoViolations();
        }));

      it('an image missing from the registry: ErrImagePull with the kubelet message, Deployment failure', () =>
        withLogs(async () => {
          await pipeline.addApp('missing');
          const bump = await pipeline.bump('missing', 'v404');
          const deploy = await pipeline.deploy('missing', bump, { tag: 'v404' });
          expect(deploy.result.status).toBe('failure');
          expect(deploy.result.reason).toMatch(
            /^(ErrImagePull|ImagePullBackOff): pod missing-[a-z0-9-]+, container app: .*not found/,
          );
          expect(statesOf(deploy)).toEqual(['in_progress', 'failure']);
        }));

      it('a crash loop: CrashLoopBackOff with the exit code', () =>
        withLogs(async () => {
          await pipeline.addApp('crash');
          // A manifest change on main that the bump carries to the cluster: its pods crash (kwok Stage).
          pipeline.editApp('crash', { scenario: 'crash-loop' });
          const bump = await pipeline.bump('crash', 'v2');
          const deploy = await pipeline.deploy('crash', bump, { tag: 'v2' });
          expect(deploy.result.status).toBe('failure');
          expect(deploy.result.reason).toMatch(
            new RegExp(
              `^CrashLoopBackOff: pod crash-[a-z0-9-]+, container app exited with code ${CRASH_EXIT_CODE} \\(Error\\)$`,
            ),
          );
          expect(deploy.result.details[0]).toMatch(/^Last log lines of crash-|^\(its logs could not be read/);
          expect(statesOf(deploy)).toEqual(['in_progress', 'failure']);
        }));

      it('a rollout that never completes: the progress deadline, as the Deployment controller reports it', () =>
        withLogs(async () => {
          await pipeline.addApp('stuck');
          pipeline.editApp('stuck', { scenario: 'never-ready', progressDeadlineSeconds: 3 });
          const bump = await pipeline.bump('stuck', 'v2');
          const deploy = await pipeline.deploy('stuck', bump, { tag: 'v2' });
          expect(deploy.result.status).toBe('failure');
          // The Deployment's condition, or Argo CD's Degraded health that quotes it: whichever is seen first.
          expect(deploy.result.reason).toMatch(
            /ProgressDeadlineExceeded: ReplicaSet "stuck-[a-z0-9]+" has timed out progressing|Deployment "stuck" exceeded its progress deadline/,
          );
        }));

      it('a controller on another branch: fails at once; without `branch`, the timeout names branch and path', () =>
        withLogs(async () => {
          await pipeline.addApp('elsewhere', { branch: 'release' });
          const bump = await pipeline.bump('elsewhere', 'v2');
          const fast = await pipeline.deploy('elsewhere', bump, { tag: 'v2' });
          expect(fast.result.status).toBe('failure');
          expect(fast.result.reason).toContain("follows branch 'release', but the bump merged into 'main'");
          const slow = await pipeline.deploy('elsewhere', bump, {
            tag: 'v2',
            branch: undefined,
            timeoutMs: 5_000,
          });
          expect(slow.result.status).toBe('failure');
          expect(slow.result.reason).toMatch(/^Timed out after 5 s waiting for /);
          expect(slow.result.reason).toMatch(/branch 'release', path '(\.\/)?apps\/elsewhere'/);
          expect(statesOf(slow)).toEqual(['in_progress', 'failure']);
        }));

      it('a newer deploy that takes over: this one ends inactive, not failed, and the newer one succeeds', () =>
        withLogs(async () => {
          await pipeline.addApp('newer');
          const first = await pipeline.bump('newer', 'v2');
          const logger = createMemoryLogger();
          // Without refresh the controller does not look before its poll, so the next bump overtakes this one.
          const older = pipeline.deploy('newer', first, { tag: 'v2', refresh: false, logger });
          while (!logger.lines.some((line) => / s\] waiting for /.test(line)))
            await new Promise((resolve) => setTimeout(resolve, 20));
          const second = await pipeline.bump('newer', 'v3');
          const newer = await pipeline.deploy('newer', second, { tag: 'v3' });
          const superseded = await older;
          expect(newer.result.status).toBe('success');
          expect(superseded.result.status).toBe('inactive');
          expect(superseded.result.reason).toBe(
            `Superseded by a newer deploy (deployment ${newer.reporter.deploymentId} of ${pipeline.image('v3')})`,
          );
          expect(superseded.result.timeline[1]).toMatchObject({ stage: 'synced' });
          expect(superseded.result.timeline[1]!.detail).toMatch(/\(a later commit\)$/);
          expect(statesOf(superseded)).not.toContain('failure');
          expect(statesOf(superseded).at(-1)).toBe('inactive');
          expect(statesOf(newer)).toEqual(['in_progress', 'success']);
        }));
    },
  );
}
