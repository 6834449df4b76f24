// deploy-status on the real test API server (kube-controller-manager, kwok nodes, pods' imageID from the test
// registry), the test playing Argo CD's sync: seconds from the sync to "every pod on the digest" reported, and
// the Kubernetes and GitHub API calls of one successful rollout.
import { deployStatus } from '../src/deploy-status/deploy-status.js';
import { GitHubDeploymentReporter } from '../src/deploy-status/github-deployment.js';
import { createGitHubClient } from '../src/lib/github-client.js';
import { createMemoryLogger } from '../src/lib/logger.js';
import { startGitHubEmulator } from '../test/harness/github/index.js';
import { KUBE_TOOLS, startControlPlane } from '../test/harness/kube/control-plane.js';
import { pushTestImage } from '../test/harness/kube/images.js';
import { SERVICE_TOOLS, startRegistry } from '../test/harness/services.js';
import { missingTools } from '../test/harness/tools.js';
import { startScene } from '../test/integration/deploy-status/scene.js';

const RUNS = Number(process.env.DEPLOY_STATUS_RUNS ?? 5);
const missing = missingTools([...KUBE_TOOLS, ...SERVICE_TOOLS.registry]);
if (missing.length > 0) {
  console.log(`skipped: needs ${missing.join(', ')} (npm run provision)`);
  process.exit(0);
}

const registry = await startRegistry();
const digest = await pushTestImage(registry, 'team/web', 'v2');
await pushTestImage(registry, 'team/web', 'v1');
const cluster = await startControlPlane({ registries: [registry.host] });
const github = await startGitHubEmulator();
github.state.createRepo('acme/web');
const sha = github.state.getBranchSha('acme/web', 'main')!;
const scene = await startScene(cluster);
const image = (tag: string) => `${registry.host}/team/web:${tag}`;

const seconds: number[] = [];
const kubernetes: number[] = [];
const githubCalls: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const name = `bench-${i}`;
    await scene.app(name, image('v1'));
    const client = cluster.clientFor(name, ['system:masters']);
    github.calls.reset();
    const commit = String(i + 2)
      .repeat(40)
      .slice(0, 40);
    let syncedAt = 0;
    const running = deployStatus({
      cluster: client,
      controller: { kind: 'argocd', namespace: 'argocd', name },
      commit,
      image: { repository: `${registry.host}/team/web`, tag: 'v2', digest },
      refresh: true,
      timeoutMs: 120_000,
      logger: createMemoryLogger(),
      reporter: new GitHubDeploymentReporter(
        createGitHubClient({ token: github.token, apiUrl: github.apiUrl, graphqlUrl: github.graphqlUrl }),
        { owner: 'acme', repo: 'web', ref: sha, environment: name, app: name, image: image('v2'), digest },
      ),
    });
    await scene.onRefresh(name, async () => {
      syncedAt = Date.now();
      await scene.sync(name, commit, image('v2'));
    });
    const result = await running;
    if (result.status !== 'success') throw new Error(`${name}: ${result.status}: ${result.reason}`);
    seconds.push((result.readyAt! - syncedAt) / 1000);
    kubernetes.push(result.kubernetesCalls);
    githubCalls.push(github.calls.count());
  }
} finally {
  await github.stop();
  await cluster.stop();
  await registry.stop();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(
  `Real kube-apiserver, 2 replicas on kwok nodes; the test plays Argo CD's sync; median of ${RUNS} runs.\n`,
);
console.log('| measure | median | max | goal |');
console.log('|---|---:|---:|---:|');
console.log(
  `| sync → every pod on the digest reported, s | ${median(seconds).toFixed(1)} | ${Math.max(...seconds).toFixed(1)} | |`,
);
console.log(
  `| Kubernetes API calls per successful rollout | ${median(kubernetes)} | ${Math.max(...kubernetes)} | ≤ 30 |`,
);
console.log(
  `| GitHub API calls per successful rollout | ${median(githubCalls)} | ${Math.max(...githubCalls)} | ≤ 4 |`,
);
