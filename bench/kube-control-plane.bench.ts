// Warm start-up of the Kubernetes test control plane (etcd, kube-apiserver, controller-manager, scheduler,
// kwok with 2 Ready nodes, Stages installed) and a first Deployment rolled out on it; then stop().
// Goal: start-up under 10 s. `npm run bench -- kube-control-plane` or `BENCH_RUNS=3`.
import { RESOURCES } from '../src/kubernetes/resources.js';
import { startControlPlane, KUBE_TOOLS } from '../test/harness/kube/control-plane.js';
import { pushTestImage } from '../test/harness/kube/images.js';
import { startRegistry } from '../test/harness/services.js';
import { missingTools } from '../test/harness/tools.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_MS = 10_000;

const missing = missingTools(KUBE_TOOLS);
if (missing.length > 0) {
  console.log(`skipped: needs ${missing.join(', ')} (npm run provision)`);
  process.exit(0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const registry = await startRegistry();
await pushTestImage(registry, 'team/web', 'v1');
const startup: number[] = [];
const rollout: number[] = [];
const stop: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    const cluster = await startControlPlane({ registries: [registry.host] });
    startup.push(performance.now() - t);
    t = performance.now();
    await cluster.client.create(RESOURCES.deployment, 'default', {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: `${registry.host}/team/web:v1` }] },
        },
      },
    });
    await cluster.client.waitFor(
      RESOURCES.deployment,
      'default',
      'web',
      (object) => (object.status as { readyReplicas?: number } | undefined)?.readyReplicas === 2,
      { timeoutMs: 60_000 },
    );
    rollout.push(performance.now() - t);
    t = performance.now();
    await cluster.stop();
    stop.push(performance.now() - t);
  }
} finally {
  await registry.stop();
}
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`\nkube control plane (${RUNS} runs, median)`);
console.log(
  `  start-up to 2 Ready kwok nodes: ${s(median(startup))} (goal < ${s(GOAL_MS)}; runs ${startup.map(s).join(', ')})`,
);
console.log(`  Deployment of 2 replicas to Ready: ${s(median(rollout))}`);
console.log(`  stop(): ${s(median(stop))}`);
