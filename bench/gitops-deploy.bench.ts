// deploy-status with real Argo CD and real Flux (test/harness/kube/gitops-pipeline.ts): the manifests repo in
// the GitHub API emulator, a bump PR from the update-image-tag bundle auto-merged, the controller fetching the
// merge from the harness git server. Measured: seconds from the merge to every pod on the digest reported,
// with `refresh: true` (deploy-status asks the controller to look now) and `refresh: false` (the controller's
// own poll, shortened here to POLL_SECONDS from Argo CD's 180 s and Flux's usual minutes), and the
// Kubernetes and GitHub API calls of one successful rollout.
import type { GitOpsKind } from '../test/harness/kube/gitops-pipeline.js';
import { pipelineTools, startGitOpsPipeline } from '../test/harness/kube/gitops-pipeline.js';
import { missingTools } from '../test/harness/tools.js';

const RUNS = Number(process.env.GITOPS_BENCH_RUNS ?? 3);
const POLL_SECONDS = Number(process.env.GITOPS_BENCH_POLL_SECONDS ?? 20);
const only = (process.env.GITOPS_BENCH_CONTROLLERS ?? 'argocd,flux').split(',') as GitOpsKind[];

interface Sample {
  seconds: number;
  kubernetes: number;
  github: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measure(kind: GitOpsKind): Promise<Record<'refresh' | 'poll', Sample[]>> {
  const pipeline = await startGitOpsPipeline({ controller: kind, pollSeconds: POLL_SECONDS });
  const samples: Record<'refresh' | 'poll', Sample[]> = { refresh: [], poll: [] };
  try {
    let n = 0;
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ['refresh', 'poll'] as const) {
        const app = `bench-${mode}-${n++}`;
        await pipeline.addApp(app);
        const bump = await pipeline.bump(app, 'v2');
        pipeline.github.calls.reset();
        const { result } = await pipeline.deploy(app, bump, {
          tag: 'v2',
          refresh: mode === 'refresh',
          timeoutMs: (POLL_SECONDS * 3 + 120) * 1000,
        });
        if (result.status !== 'success') {
          throw new Error(`${kind} ${app}: ${result.status}: ${result.reason}\n${pipeline.logs()}`);
        }
        samples[mode].push({
          seconds: (result.readyAt! - bump.mergedAt) / 1000,
          kubernetes: result.kubernetesCalls,
          github: pipeline.github.calls.count(),
        });
      }
    }
  } finally {
    await pipeline.stop();
  }
  return samples;
}

const results: [GitOpsKind, Record<'refresh' | 'poll', Sample[]>][] = [];
for (const kind of only) {
  const missing = missingTools(pipelineTools(kind));
  if (missing.length > 0) {
    console.log(`${kind}: skipped, needs ${missing.join(', ')} (npm run provision)`);
    continue;
  }
  results.push([kind, await measure(kind)]);
}

const LABEL: Record<GitOpsKind, string> = { argocd: 'Argo CD', flux: 'Flux' };
const cell = (samples: Sample[], pick: (sample: Sample) => number, digits = 0) =>
  `${median(samples.map(pick)).toFixed(digits)} (max ${Math.max(...samples.map(pick)).toFixed(digits)})`;
console.log(
  `Real controllers against the test kube-apiserver, 2 replicas on kwok nodes; median (max) of ${RUNS} deploys ` +
    `per cell; the controllers' own poll shortened to ${POLL_SECONDS} s.\n`,
);
console.log('| controller | measure | refresh: true | refresh: false | goal |');
console.log('|---|---|---:|---:|---:|');
for (const [kind, samples] of results) {
  const { refresh, poll } = samples;
  console.log(
    `| ${LABEL[kind]} | merge → every pod on the digest reported, s | ${cell(refresh, (s) => s.seconds, 1)} | ${cell(poll, (s) => s.seconds, 1)} | |`,
  );
  console.log(
    `| ${LABEL[kind]} | Kubernetes API calls per successful rollout | ${cell(refresh, (s) => s.kubernetes)} | ${cell(poll, (s) => s.kubernetes)} | ≤ 30 |`,
  );
  console.log(
    `| ${LABEL[kind]} | GitHub API calls per successful rollout | ${cell(refresh, (s) => s.github)} | ${cell(poll, (s) => s.github)} | ≤ 4 |`,
  );
}
