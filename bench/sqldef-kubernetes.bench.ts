// sqldef-migrate run-in kubernetes: what the Job costs beyond sqldef's own time. The same dry run of a
// 50-table schema runs (a) as psqldef on this machine and (b) through the bundle with run-in kubernetes on
// the test cluster (real API server, kwok node, the test executor running the pod with buildah); the
// overhead is (b)'s wall time minus (a): create the Lease, ConfigMap and Job, schedule, start, stream and
// read the log, parse, report, delete. Goal: < 5 s.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RESOURCES } from '../src/kubernetes/resources.js';
import { startControlPlane } from '../test/harness/kube/control-plane.js';
import { startTestExecutor } from '../test/harness/kube/executor.js';
import { EXECUTOR_LABEL } from '../test/harness/kube/stages.js';
import { containerStorage, startPostgres, startRegistry } from '../test/harness/services.js';
import { actionsNode, findTool, TOOLS_PATH } from '../test/harness/tools.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TABLES = 50;
const TARGET_MS = 5000;
const root = new URL('..', import.meta.url).pathname;

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function schema(tables: number, extra: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < tables; i++) {
    const note = extra && i % 10 === 0 ? ',\n  note text' : '';
    out.push(`CREATE TABLE t_${i} (\n  id bigint PRIMARY KEY,\n  name varchar(200) NOT NULL${note}\n);\n`);
  }
  return out.join('');
}

const needed = [
  'psqldef',
  'initdb',
  'postgres',
  'psql',
  'kube-apiserver',
  'etcd',
  'kwok',
  'buildah',
  'docker-registry',
];
const missing = needed.filter((tool) => !findTool(tool));
if (missing.length > 0) {
  console.log(`skipped: needs ${missing.join(', ')} (npm run provision)`);
  process.exit(0);
}

const [db, registry] = await Promise.all([startPostgres(), startRegistry()]);
const storage = await containerStorage({ insecureRegistries: [registry.host] });
const cluster = await startControlPlane({ registries: [registry.host], nodes: 1 });
const executor = startTestExecutor({ client: cluster.client, storage, dir: join(cluster.dir, 'executor') });
const work = mkdtempSync(join(tmpdir(), 'sqldef-k8s-bench-'));
try {
  const psqldef = findTool('psqldef')!;
  const env = { ...process.env, PATH: TOOLS_PATH };
  writeFileSync(
    join(work, 'Containerfile'),
    'FROM scratch\nCOPY psqldef /usr/local/bin/\nENV PATH=/usr/local/bin\n',
  );
  copyFileSync(psqldef, join(work, 'psqldef'));
  const image = `${registry.host}/tools/sqldef:bench`;
  execFileSync('buildah', [...storage.args, 'bud', ...storage.buildArgs, '--quiet', '-t', image, work], {
    env,
  });
  execFileSync('buildah', [...storage.args, 'push', '--quiet', '--tls-verify=false', image], { env });
  await cluster.namespace('apps');
  await cluster.client.create(RESOURCES.secret, 'apps', {
    metadata: { name: 'db' },
    stringData: {
      host: db.host,
      port: String(db.port),
      username: db.owner.username,
      password: db.owner.password,
      dbname: db.database,
    },
  });
  const file = parse(readFileSync(cluster.kubeconfig, 'utf8')) as {
    clusters: { cluster: Record<string, string> }[];
    users: { user: Record<string, string> }[];
  };
  const b64 = (path: string) => readFileSync(path).toString('base64');
  const user = file.users[0]!.user;
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "' +
      cluster.server +
      '", certificate-authority-data: ' +
      Buffer.from(cluster.ca).toString('base64') +
      '}}]',
    `users: [{name: u, user: {client-certificate-data: ${b64(user['client-certificate']!)}, client-key-data: ${b64(user['client-key']!)}}}]`,
    'contexts: [{name: c, context: {cluster: c, user: u}}]',
    'current-context: c',
  ].join('\n');

  writeFileSync(join(work, 'base.sql'), schema(TABLES, false));
  writeFileSync(join(work, 'schema.sql'), schema(TABLES, true));
  const target = ['--host=127.0.0.1', `--port=${db.port}`, `--user=${db.owner.username}`, db.database];
  const pgEnv = { PATH: TOOLS_PATH, PGPASSWORD: db.owner.password, PGSSLMODE: 'disable' };
  execFileSync(psqldef, [`--file=${join(work, 'base.sql')}`, ...target], { env: pgEnv, stdio: 'ignore' });

  const direct: number[] = [];
  const wall: number[] = [];
  const outside: number[] = [];
  let statements = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    let start = performance.now();
    const plain = spawnSync(psqldef, [`--file=${join(work, 'schema.sql')}`, '--dry-run', ...target], {
      env: pgEnv,
      encoding: 'utf8',
    });
    const directMs = performance.now() - start;
    if (plain.status !== 0) throw new Error(plain.stderr);
    const output = join(work, 'output');
    writeFileSync(output, '');
    const runsBefore = executor.runs.length;
    start = performance.now();
    // Asynchronously: the test executor that runs the Job's pod lives in this process.
    const action = await run(actionsNode(), [join(root, 'dist', 'sqldef-migrate', 'index.js')], {
      cwd: work,
      env: {
        PATH: TOOLS_PATH,
        GITHUB_WORKSPACE: work,
        GITHUB_OUTPUT: output,
        RUNNER_TEMP: work,
        GITHUB_RUN_ID: String(1000 + i),
        'INPUT_RUN-IN': 'kubernetes',
        'INPUT_SCHEMA-FILE': 'schema.sql',
        INPUT_KUBECONFIG: kubeconfig,
        INPUT_IMAGE: image,
        INPUT_NAMESPACE: 'apps',
        'INPUT_DB-SECRET': 'db',
        'INPUT_POD-LABELS': `${EXECUTOR_LABEL}=true`,
      },
    });
    const wallMs = performance.now() - start;
    if (action.status !== 0) throw new Error(action.stdout + action.stderr);
    statements = (readFileSync(output, 'utf8').match(/ADD COLUMN/g) ?? []).length;
    if (i === 0) continue; // warm-up: the first pull of the image into the executor's storage
    direct.push(directMs);
    wall.push(wallMs);
    const containerMs = executor.runs.slice(runsBefore).reduce((sum, r) => sum + r.ms, 0);
    outside.push(wallMs - containerMs);
  }
  const overhead = median(wall) - median(direct);
  console.log(
    `run-in kubernetes dry run of a ${TABLES}-table schema (${statements} statements planned), median of ${RUNS} runs:\n`,
  );
  console.log('| measure | ms | target |');
  console.log('|---|---:|---|');
  console.log(`| psqldef --dry-run on this machine | ${median(direct).toFixed(0)} | |`);
  console.log(`| action wall time, run-in kubernetes (node start to exit) | ${median(wall).toFixed(0)} | |`);
  console.log(
    `| Job overhead (wall − psqldef on this machine): Lease, ConfigMap, Job, pod start, log, report, delete | ${overhead.toFixed(0)} | < ${TARGET_MS} ${overhead < TARGET_MS ? '✅' : '❌'} |`,
  );
  const around = median(outside);
  console.log(
    `| time outside the container (wall − the executor's \`buildah run\`): node start, API calls, report | ${around.toFixed(0)} | < ${TARGET_MS} ${around < TARGET_MS ? '✅' : '❌'} |`,
  );
} finally {
  await executor.stop();
  await cluster.stop();
  await storage.cleanup();
  await registry.stop();
  await db.stop();
  rmSync(work, { recursive: true, force: true });
}
