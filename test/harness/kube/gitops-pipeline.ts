/**
 * The deploy pipeline's second half in the test world, with nothing played by the test: the manifests
 * repository lives in the GitHub API emulator and the harness git server serves it (git-export.ts), a real
 * Argo CD or Flux reads it over HTTP with a read-only token and applies it to the test control plane, kwok
 * nodes run the pods with imageIDs from the test registry, and deploy-status's domain function follows the
 * merge into the cluster and reports a GitHub Deployment on the app repository in the emulator.
 *
 *   const pipeline = await startGitOpsPipeline({ controller: 'argocd' });
 *   await pipeline.addApp('web');                         // apps/web on main, synced and running v1
 *   const bump = await pipeline.bump('web', 'v2');        // update-image-tag bundle → PR → checks → merged
 *   const deploy = await pipeline.deploy('web', bump);    // deployStatus(): synced → rolled out → running
 *   await pipeline.stop();
 *
 * One pipeline per suite: a control plane and its controllers take seconds to start, and each app has its
 * own namespace, directory and controller object, so the cases of a suite do not disturb each other.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deployStatus, type DeployStatusResult } from '../../../src/deploy-status/deploy-status.js';
import type { ControllerRef } from '../../../src/deploy-status/controllers.js';
import { GitHubDeploymentReporter } from '../../../src/deploy-status/github-deployment.js';
import type { KubeClient, KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { createGitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger, type Logger } from '../../../src/lib/logger.js';
import { startGitHubEmulator, type GitHubEmulator } from '../github/index.js';
import { runAction } from '../run-action.js';
import { SERVICE_TOOLS, startGitServer, startRegistry, type GitServer, type Registry } from '../services.js';
import { KUBE_TOOLS, startControlPlane, type ControlPlane } from './control-plane.js';
import {
  ARGOCD_TOOLS,
  FLUX_TOOLS,
  refreshArgoApp,
  requestFluxReconcile,
  startArgoCd,
  startFlux,
  type GitOpsControllers,
} from './gitops.js';
import { pushTestImage } from './images.js';
import {
  deploymentManifest,
  kustomizationManifest,
  waitForRollout,
  type ManifestOptions,
} from './manifests-repo.js';
import { crashLoopStage, neverReadyStage } from './stages.js';

export type GitOpsKind = 'argocd' | 'flux';

/** What a pipeline suite needs installed (Argo CD renders the Kustomizations with kustomize). */
export function pipelineTools(kind: GitOpsKind): string[] {
  return [
    ...KUBE_TOOLS,
    ...(kind === 'argocd' ? [...ARGOCD_TOOLS, 'kustomize'] : FLUX_TOOLS),
    ...SERVICE_TOOLS.registry,
    ...SERVICE_TOOLS.git,
    'node24',
  ];
}

export const MANIFESTS_REPO = 'acme/manifests';
export const APP_REPO = 'acme/web';
export const ENVIRONMENT = 'dev';
/** The token the controllers read the manifests repository with (read permission only). */
export const READER_TOKEN = 'ghs_gitopsReaderToken';
/** The deploy button's GitHub App installation token (writes the bump PR). */
export const DEPLOY_TOKEN = 'ghs_deployAppInstallationToken';
/** The Kubernetes group the README's RBAC binds; deploy-status runs as a user in it. */
export const DEPLOY_GROUP = 'platform-actions:deploy-status';
/** Exit code of the crash-loop scenario's container. */
export const CRASH_EXIT_CODE = 3;
/** Tags pushed to the test registry (anything else is missing from it). */
export const PUSHED_TAGS = ['v1', 'v2', 'v3'];

export interface Bump {
  number: number;
  url: string;
  /** The merge commit on main: what the controller must apply. */
  mergeCommit: string;
  /** When it merged (ms since the epoch). */
  mergedAt: number;
  /** GitHub API calls the update-image-tag bundle made. */
  githubCalls: number;
}

export interface DeployOptions {
  tag: string;
  refresh?: boolean;
  timeoutMs?: number;
  /** The branch the bump merged into, as the workflow passes it; default main. */
  branch?: string | undefined;
  logger?: Logger & { lines: string[] };
}

export interface Deploy {
  result: DeployStatusResult;
  reporter: GitHubDeploymentReporter;
  /** The client deploy-status used (its calls are the deploy's Kubernetes calls). */
  client: KubeClient;
  logger: Logger & { lines: string[] };
}

export interface GitOpsPipeline {
  kind: GitOpsKind;
  github: GitHubEmulator;
  registry: Registry;
  git: GitServer;
  cluster: ControlPlane;
  controllers: GitOpsControllers;
  /** `127.0.0.1:PORT/team/web`. */
  repository: string;
  image(tag: string): string;
  /** Manifest digest of each pushed tag. */
  digests: Record<string, string>;
  /** The controller object deploy-status follows for an app. */
  controllerRef(app: string): ControllerRef;
  /**
   * Adds `apps/<app>` (a Deployment and a Kustomization setting tag v1) to main, the app's namespace and
   * controller object (an Application, or a GitRepository and a Kustomization) following `branch`, and waits
   * until it runs v1 and the controller reports it applied.
   */
  addApp(app: string, options?: { branch?: string }): Promise<string>;
  /** A commit straight to main changing the app's Deployment (a scenario label, a progress deadline). */
  editApp(app: string, options: ManifestOptions): string;
  /** The deploy button's bump: the update-image-tag bundle opens the PR with auto-merge; checks pass; merged. */
  bump(app: string, tag: string): Promise<Bump>;
  /** A GitHub Deployment reporter on the app repository, as the rollout job makes it. */
  reporter(app: string, tag: string, bump: Bump): GitHubDeploymentReporter;
  /** deploy-status's domain function on the bump's merge commit, as the README's RBAC allows. */
  deploy(app: string, bump: Bump, options: DeployOptions): Promise<Deploy>;
  /** Asks the controller to look at git now (as deploy-status's `refresh` does). */
  refresh(app: string): Promise<void>;
  /** The processes' output, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

/** The README's ClusterRole and its binding to DEPLOY_GROUP. */
export async function applyReadmeRbac(client: KubeClient): Promise<void> {
  const readme = readFileSync(new URL('../../../actions/deploy-status/README.md', import.meta.url), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .find((text) => text.includes('kind: ClusterRole'));
  if (!block) throw new Error('actions/deploy-status/README.md has no ClusterRole block');
  for (const object of block.split(/^---$/m).map((text) => parse(text) as KubeObject)) {
    await client.create(
      object.kind === 'ClusterRole' ? RESOURCES.clusterRole : RESOURCES.clusterRoleBinding,
      undefined,
      object,
    );
  }
}

const statusOf = (object: KubeObject) => (object.status ?? {}) as Record<string, unknown>;

export async function startGitOpsPipeline(options: {
  controller: GitOpsKind;
  /** The controller's own poll (Argo CD's reconciliation timeout, Flux's GitRepository interval). */
  pollSeconds?: number;
}): Promise<GitOpsPipeline> {
  const kind = options.controller;
  const pollSeconds = options.pollSeconds ?? (kind === 'argocd' ? 180 : 600);
  const stops: (() => Promise<void>)[] = [];
  // Everything is stopped even when one stop fails (the emulator's stop throws on schema violations).
  const stopAll = async () => {
    let first: unknown;
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => (first ??= error));
    if (first) throw first;
  };
  try {
    const registry = await startRegistry();
    stops.push(() => registry.stop());
    const digests: Record<string, string> = {};
    for (const tag of PUSHED_TAGS) digests[tag] = await pushTestImage(registry, 'team/web', tag);
    const repository = `${registry.host}/team/web`;
    const image = (tag: string) => `${repository}:${tag}`;

    const github = await startGitHubEmulator({
      tokens: {
        [READER_TOKEN]: { login: 'gitops-reader' },
        [DEPLOY_TOKEN]: { login: 'deploy-app[bot]' },
      },
    });
    stops.push(() => github.stop());
    github.state.createRepo(MANIFESTS_REPO, {
      files: { 'README.md': '# manifests\n' },
      deleteBranchOnMerge: true,
    });
    github.state.setPermission(MANIFESTS_REPO, 'gitops-reader', 'read');
    github.state.setPermission(MANIFESTS_REPO, 'deploy-app[bot]', 'write');
    github.state.createRepo(APP_REPO);
    const git = await startGitServer({ github });
    stops.push(() => git.stop());
    const repoUrl = git.repoUrl(MANIFESTS_REPO);

    const cluster = await startControlPlane({ registries: [registry.host] });
    stops.push(() => cluster.stop());
    await cluster.applyStages(crashLoopStage({ exitCode: CRASH_EXIT_CODE }), neverReadyStage());
    await applyReadmeRbac(cluster.client);

    let controllers: GitOpsControllers;
    if (kind === 'argocd') {
      controllers = await startArgoCd(cluster, { pollSeconds });
      // Argo CD's repository credentials, as `argocd repo add --username --password` stores them.
      await cluster.client.create(RESOURCES.secret, controllers.namespace, {
        metadata: { name: 'manifests-repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
        stringData: { type: 'git', url: repoUrl, username: 'x-access-token', password: READER_TOKEN },
      });
    } else {
      controllers = await startFlux(cluster);
      await cluster.client.create(RESOURCES.secret, controllers.namespace, {
        metadata: { name: 'manifests-auth' },
        stringData: { username: 'x-access-token', password: READER_TOKEN },
      });
    }
    stops.push(() => controllers.stop());

    const controllerRef = (app: string): ControllerRef =>
      kind === 'argocd'
        ? { kind: 'argocd', namespace: controllers.namespace, name: app }
        : { kind: 'flux-kustomization', namespace: controllers.namespace, name: app };

    const appliedAnything = (object: KubeObject) => {
      const status = statusOf(object);
      if (kind === 'argocd') {
        const sync = (status.sync ?? {}) as { status?: string; revision?: string };
        const health = (status.health ?? {}) as { status?: string };
        return sync.status === 'Synced' && !!sync.revision && health.status === 'Healthy';
      }
      const ready = ((status.conditions ?? []) as { type?: string; status?: string }[]).find(
        (c) => c.type === 'Ready',
      );
      return ready?.status === 'True' && typeof status.lastAppliedRevision === 'string';
    };

    const pipeline: GitOpsPipeline = {
      kind,
      github,
      registry,
      git,
      cluster,
      controllers,
      repository,
      image,
      digests,
      controllerRef,
      async addApp(app, { branch = 'main' } = {}) {
        const commit = github.state.commit(
          MANIFESTS_REPO,
          'main',
          {
            [`apps/${app}/deployment.yaml`]: deploymentManifest(app, image('v1')),
            [`apps/${app}/kustomization.yaml`]: kustomizationManifest(repository, 'v1'),
          },
          `Add ${app}`,
        );
        if (branch !== 'main') {
          github.state.setRef(github.state.repo(MANIFESTS_REPO), `refs/heads/${branch}`, commit);
        }
        await cluster.namespace(app);
        if (kind === 'argocd') {
          await cluster.client.create(RESOURCES.argoApplication, controllers.namespace, {
            metadata: { name: app },
            spec: {
              project: 'default',
              source: { repoURL: repoUrl, path: `apps/${app}`, targetRevision: branch },
              destination: { server: cluster.server, namespace: app },
              syncPolicy: { automated: { prune: true } },
            },
          });
        } else {
          await cluster.client.create(RESOURCES.fluxGitRepository, controllers.namespace, {
            metadata: { name: app },
            spec: {
              url: repoUrl,
              ref: { branch },
              interval: `${pollSeconds}s`,
              secretRef: { name: 'manifests-auth' },
            },
          });
          await cluster.client.create(RESOURCES.fluxKustomization, controllers.namespace, {
            metadata: { name: app },
            spec: {
              sourceRef: { kind: 'GitRepository', name: app },
              path: `./apps/${app}`,
              prune: true,
              targetNamespace: app,
              interval: '10m',
            },
          });
        }
        try {
          await waitForRollout(cluster.client, app, app, image('v1'), `${repository}@${digests.v1}`, 120_000);
          const resource = kind === 'argocd' ? RESOURCES.argoApplication : RESOURCES.fluxKustomization;
          await cluster.client.waitFor(resource, controllers.namespace, app, appliedAnything, {
            timeoutMs: 120_000,
            description: `report ${app} applied`,
          });
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${controllers.logs()}`);
        }
        return commit;
      },
      editApp(app, manifest) {
        return github.state.commit(
          MANIFESTS_REPO,
          'main',
          { [`apps/${app}/deployment.yaml`]: deploymentManifest(app, image('v1'), manifest) },
          `Change ${app}'s Deployment`,
        );
      },
      async bump(app, tag) {
        github.calls.reset();
        const run = await runAction('update-image-tag', {
          inputs: {
            files: `apps/${app}/kustomization.yaml`,
            tag,
            repository: MANIFESTS_REPO,
            token: DEPLOY_TOKEN,
            app,
            environment: ENVIRONMENT,
            'auto-merge': 'true',
          },
          env: { ...github.env(), GITHUB_REPOSITORY: APP_REPO, GITHUB_RUN_ID: '7' },
        });
        if (run.exitCode !== 0) throw new Error(`update-image-tag failed:\n${run.stdout}\n${run.stderr}`);
        const githubCalls = github.calls.count();
        const number = Number(run.outputs['pull-request-number']);
        // The manifests repository's required checks pass; auto-merge merges it.
        github.state.setChecks(MANIFESTS_REPO, number, 'success');
        const pull = github.state.pull(MANIFESTS_REPO, number);
        if (!pull.merged || !pull.mergeCommitSha) throw new Error(`PR #${number} did not auto-merge`);
        return {
          number,
          url: run.outputs['pull-request-url'] ?? '',
          mergeCommit: pull.mergeCommitSha,
          mergedAt: Date.now(),
          githubCalls,
        };
      },
      reporter(app, tag, bump) {
        return new GitHubDeploymentReporter(
          createGitHubClient({ token: github.token, apiUrl: github.apiUrl, graphqlUrl: github.graphqlUrl }),
          {
            owner: APP_REPO.split('/')[0]!,
            repo: APP_REPO.split('/')[1]!,
            ref: github.state.getBranchSha(APP_REPO, 'main')!,
            environment: ENVIRONMENT,
            app,
            image: image(tag),
            digest: digests[tag] ?? `sha256:${'0'.repeat(64)}`,
            pullRequestUrl: bump.url,
          },
          { logUrl: `https://github.com/${APP_REPO}/actions/runs/7` },
        );
      },
      async deploy(app, bump, deployOptions) {
        const { tag } = deployOptions;
        const client = cluster.clientFor(`deploy-status-${app}`, [DEPLOY_GROUP]);
        const logger = deployOptions.logger ?? createMemoryLogger();
        const reporter = pipeline.reporter(app, tag, bump);
        const branch = 'branch' in deployOptions ? deployOptions.branch : 'main';
        const result = await deployStatus({
          cluster: client,
          controller: controllerRef(app),
          commit: bump.mergeCommit,
          image: { repository, tag, digest: digests[tag] ?? `sha256:${'0'.repeat(64)}` },
          refresh: deployOptions.refresh ?? true,
          ...(branch ? { branch } : {}),
          timeoutMs: deployOptions.timeoutMs ?? 120_000,
          logger,
          reporter,
          mergedAt: bump.mergedAt,
          environmentUrl: `https://${app}.${ENVIRONMENT}.example.com`,
        });
        return { result, reporter, client, logger };
      },
      async refresh(app) {
        if (kind === 'argocd') await refreshArgoApp(cluster.client, controllers.namespace, app);
        else {
          await requestFluxReconcile(cluster.client, RESOURCES.fluxGitRepository, controllers.namespace, app);
          await requestFluxReconcile(cluster.client, RESOURCES.fluxKustomization, controllers.namespace, app);
        }
      },
      logs: () => controllers.logs(),
      stop: stopAll,
    };
    return pipeline;
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
