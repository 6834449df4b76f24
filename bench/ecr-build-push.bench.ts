// ecr-build-push skip path: the tag already exists, so nothing is built or pushed.
// Counts the AWS and registry calls after credentials and times the path on loopback (moto + a local
// registry), in process and as a runner runs the bundle (node start, OIDC token and STS included).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAndPush, type BuildAndPushInputs, type EcrApi } from '../src/ecr/build-and-push.js';
import { createEcrApi } from '../src/ecr/ecr-api.js';
import { runCommand } from '../src/ecr/run-command.js';
import { createMemoryLogger } from '../src/lib/logger.js';
import { runAction } from '../test/harness/run-action.js';
import { containerStorage, fakeOidcServer, startMoto, startRegistry } from '../test/harness/services.js';
import { missingTools, TOOLS_PATH } from '../test/harness/tools.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const missing = missingTools(['moto_server', 'docker-registry', 'podman']);
if (missing.length > 0) {
  console.log(`skipped: needs ${missing.join(', ')} (npm run provision)`);
  process.exit(0);
}

const [moto, registry, oidc] = await Promise.all([startMoto(), startRegistry(), fakeOidcServer()]);
const storage = await containerStorage();
const work = mkdtempSync(join(tmpdir(), 'bench-ecr-'));
try {
  writeFileSync(join(work, 'Dockerfile'), 'FROM scratch\nCOPY index.html /index.html\n');
  writeFileSync(join(work, 'index.html'), 'bench\n');
  const tag = '0123456789abcdef0123456789abcdef01234567';
  const inputs: BuildAndPushInputs = {
    repository: 'bench/app',
    tags: [tag],
    registry: { host: registry.host, insecure: true },
    region: 'us-east-1',
    createRepository: true,
    tagMutability: 'IMMUTABLE',
    scanOnPush: true,
    skipIfExists: true,
    builder: 'podman',
    context: work,
    file: join(work, 'Dockerfile'),
    buildArgs: [],
    secrets: [],
    platforms: [],
    labels: new Map(),
    cache: false,
    provenance: false,
  };

  let awsCalls = 0;
  let registryCalls = 0;
  let execCalls = 0;
  const ecr = createEcrApi({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const counted = Object.fromEntries(
    Object.entries(ecr).map(([name, method]) => [
      name,
      (...args: unknown[]) => {
        awsCalls++;
        return (method as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as EcrApi;
  const deps = {
    ecr: counted,
    fetch: ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      registryCalls++;
      return fetch(input, init);
    }) as typeof fetch,
    exec: ((command, args, options) => {
      execCalls++;
      return runCommand(command, args, options);
    }) as typeof runCommand,
    logger: createMemoryLogger(),
    clock: () => new Date(),
    sleep: async () => {},
    mask: () => {},
    env: { ...process.env, ...storage.env },
    tempDir: work,
  };
  const built = await buildAndPush(inputs, deps);

  const times: number[] = [];
  const calls = { aws: 0, registry: 0, exec: 0 };
  for (let i = 0; i <= RUNS; i++) {
    awsCalls = registryCalls = execCalls = 0;
    const start = process.hrtime.bigint();
    const result = await buildAndPush(inputs, deps);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!result.skipped || result.digest !== built.digest) throw new Error('the skip path did not skip');
    if (i === 0) continue; // warm-up
    times.push(ms);
    Object.assign(calls, { aws: awsCalls, registry: registryCalls, exec: execCalls });
  }

  const bundleTimes: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 7); i++) {
    const start = process.hrtime.bigint();
    const run = await runAction('ecr-build-push', {
      inputs: {
        repository: 'bench/app',
        tag,
        'role-to-assume': 'arn:aws:iam::123456789012:role/deploy',
        'aws-region': 'us-east-1',
        registry: `http://${registry.host}`,
        context: work,
      },
      env: {
        PATH: TOOLS_PATH,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...oidc.env,
        ...storage.env,
      },
    });
    bundleTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (run.outputs.skipped !== 'true') throw new Error(`the bundle did not skip: ${run.stdout}`);
  }

  const total = calls.aws + calls.registry;
  const core = median(times);
  console.log(
    `Skip path, tag already present; median of ${RUNS} runs on loopback (moto + local registry).\n`,
  );
  console.log('| figure | value | target |');
  console.log('|---|---:|---|');
  console.log(`| AWS calls after credentials | ${calls.aws} (GetAuthorizationToken) | |`);
  console.log(`| registry calls | ${calls.registry} (HEAD manifest) | |`);
  console.log(`| AWS + registry calls | ${total} | ≤ 3 ${total <= 3 ? '✓' : '✗'} |`);
  console.log(`| builder processes started | ${calls.exec} | 0 ${calls.exec === 0 ? '✓' : '✗'} |`);
  console.log(
    `| wall time, core after credentials | ${core.toFixed(1)} ms | < 1000 ms ${core < 1000 ? '✓' : '✗'} |`,
  );
  console.log(
    `| wall time, whole bundle run (node start, OIDC, STS) | ${median(bundleTimes).toFixed(0)} ms (median of ${bundleTimes.length}) | |`,
  );
} finally {
  await Promise.all([moto.stop(), registry.stop(), oidc.stop()]);
  await storage.cleanup();
  rmSync(work, { recursive: true, force: true });
}
